using System.Text.Json;

namespace Dataans.App.Desktop;

/// <summary>The window's last position and size on screen.</summary>
internal sealed record WindowGeometry(int X, int Y, int Width, int Height)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsUsable => Width >= 200 && Height >= 150 && Width <= 100_000 && Height <= 100_000;
}

/// <summary>
/// Remembers the window's position and size across runs in <c>&lt;data folder&gt;/window.json</c>. A missing
/// or broken file means "no remembered geometry", never an error.
/// </summary>
internal sealed class WindowStateFile(string dataFolder)
{
    public const string FileName = "window.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public string Path { get; } = System.IO.Path.Combine(dataFolder, FileName);

    public WindowGeometry? Load()
    {
        try
        {
            var geometry = JsonSerializer.Deserialize<WindowGeometry>(File.ReadAllText(Path), Json);
            return geometry is { IsUsable: true } ? geometry : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the geometry (replacing the file whole); returns false when it could not be written.</summary>
    public bool Save(WindowGeometry geometry)
    {
        try
        {
            var temporary = Path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(geometry, Json));
            File.Move(temporary, Path, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
