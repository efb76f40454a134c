namespace Dataans.Core.Storage;

/// <summary>
/// Where one Dataans installation keeps its data. The root is, in order: an explicit path
/// (<c>--data-dir</c>), <c>DATAANS_DATA_DIR</c>, <c>$XDG_DATA_HOME/dataans</c>, <c>~/.local/share/dataans</c>.
/// Immutable and thread-safe.
/// </summary>
public sealed class DataDirectory
{
    public const string EnvironmentVariable = "DATAANS_DATA_DIR";

    public DataDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "db", "dataans.sqlite");

    public string FilesPath => Path.Combine(Root, "files");

    public string ProfilePath => Path.Combine(Root, "profile", "profile.json");

    public string ConfigsPath => Path.Combine(Root, "configs");

    public string BackupsPath => Path.Combine(Root, "backups");

    /// <summary>Resolves the data directory from an explicit path or the environment.</summary>
    public static DataDirectory Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new DataDirectory(explicitPath);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new DataDirectory(fromEnvironment);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return new DataDirectory(Path.Combine(xdg, "dataans"));
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new DataDirectory(Path.Combine(home, ".local", "share", "dataans"));
    }

    public override string ToString() => Root;
}
