namespace Dataans.Core.Storage;

/// <summary>
/// Where one Dataans installation keeps its data. The root is, in order: an explicit path
/// (<c>--data-dir</c>), <c>DATAANS_DATA_DIR</c>, <c>$XDG_DATA_HOME/dataans</c>, <c>~/.local/share/dataans</c>.
/// Immutable and thread-safe.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>The environment variable that names the data directory when no path is given.</summary>
    public const string EnvironmentVariable = "DATAANS_DATA_DIR";

    /// <summary>A data directory at <paramref name="root"/> (made absolute).</summary>
    public DataDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath => Path.Combine(Root, "db", "dataans.sqlite");

    /// <summary>The folder that holds attachment and avatar bytes.</summary>
    public string FilesPath => Path.Combine(Root, "files");

    /// <summary>The profile file (sync server, credentials, key).</summary>
    public string ProfilePath => Path.Combine(Root, "profile", "profile.json");

    /// <summary>The folder of the app's configuration files.</summary>
    public string ConfigsPath => Path.Combine(Root, "configs");

    /// <summary>The folder backups are written to.</summary>
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

        // DoNotVerify: a home folder that does not exist yet is created with the data folder; without it .NET gives "" and the data would land in the working folder.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        return new DataDirectory(Path.Combine(home, ".local", "share", "dataans"));
    }

    /// <summary>The root folder.</summary>
    public override string ToString() => Root;
}
