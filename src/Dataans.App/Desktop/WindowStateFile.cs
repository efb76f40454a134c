using System.Text.Json;
using Dataans.Core.Storage;

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
            using (var stream = new FileStream(temporary, PrivateDataFolder.NewFile(FileMode.Create, FileOptions.None, 4096)))
            {
                JsonSerializer.Serialize(stream, geometry, Json); // a file of the data folder: private (0600)
            }

            File.Move(temporary, Path, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
