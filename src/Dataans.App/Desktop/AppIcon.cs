namespace Dataans.App.Desktop;

/// <summary>The app's icon (the same speech bubble as the web UI's favicon) as a file the desktop can load.</summary>
internal static class AppIcon
{
    public const string Name = "dataans";

    public const string Svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="256" height="256"><rect width="32" height="32" rx="7" fill="#2f6f4f"/><path d="M8 9h16v11H14l-6 5z" fill="#fff"/></svg>

        """;

    /// <summary>Writes the icon under the user's cache folder once and returns its path, or null when it cannot be written.</summary>
    public static string? EnsureFile()
    {
        try
        {
            var folder = Path.Combine(XdgFolders.CacheHome, "dataans");
            var path = Path.Combine(folder, Name + ".svg");
            if (!File.Exists(path) || File.ReadAllText(path) != Svg)
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(path, Svg);
            }

            return path;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
