using System.Runtime.InteropServices;
using Dataans.Core.Export;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Where an installation of the original Dataans app keeps its data: the data folder (with
/// <c>db/dataans.sqlite</c>, <c>files/</c>, <c>profile/</c>) and the app data folder whose
/// <c>configs/config.toml</c> the original always reads. Its app identifier is <c>com.tbt.dataans</c>;
/// <c>[app] base-path</c> in that config moves the data folder elsewhere. Immutable and thread-safe.
/// </summary>
/// <param name="DataFolder">The folder holding <c>db/dataans.sqlite</c>.</param>
/// <param name="ConfigFile">The <c>config.toml</c> to carry key bindings and theme from, if one exists.</param>
public sealed record OriginalLocation(string DataFolder, string? ConfigFile)
{
    /// <summary>The original's app identifier, the name of its folder under the platform's data folder.</summary>
    public const string AppIdentifier = "com.tbt.dataans";

    /// <summary>The database path relative to a data folder, which is how an original folder is recognised.</summary>
    public static readonly string DatabaseRelativePath = Path.Combine("db", "dataans.sqlite");

    /// <summary>The original's SQLite database.</summary>
    public string DatabasePath => Path.Combine(DataFolder, DatabaseRelativePath);

    /// <summary>Where the original keeps attachments, avatars and pasted images from 0.3 on.</summary>
    public string FilesFolder => Path.Combine(DataFolder, "files");

    /// <summary>Where the original versions before 0.3 kept avatars and pasted images (absolute paths in the database).</summary>
    public string ImagesFolder => Path.Combine(DataFolder, "images");

    /// <summary>The original's sign-in (server, token, key), if it is signed in.</summary>
    public string ProfilePath => Path.Combine(DataFolder, "profile", "profile.json");

    /// <summary>The folder of the config file: theme files are named relative to it.</summary>
    public string? ConfigsFolder => ConfigFile is null ? null : Path.GetDirectoryName(ConfigFile);

    /// <summary>True when <paramref name="folder"/> holds an original database (<c>db/dataans.sqlite</c>).</summary>
    public static bool IsDataFolder(string folder) => File.Exists(Path.Combine(folder, DatabaseRelativePath));

    /// <summary>
    /// Resolves a folder a user named: an original data folder, or an app data folder whose config
    /// names the data folder with <c>[app] base-path</c>.
    /// </summary>
    /// <exception cref="ImportException">Neither the folder nor its configured base path holds an original database.</exception>
    public static OriginalLocation FromFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        var config = Path.Combine(full, "configs", "config.toml");
        var configFile = File.Exists(config) ? config : null;
        if (IsDataFolder(full))
        {
            return new OriginalLocation(full, configFile);
        }

        if (configFile is not null && OriginalConfig.ReadBasePath(configFile, full) is { } basePath && IsDataFolder(basePath))
        {
            return new OriginalLocation(basePath, configFile);
        }

        throw new ImportException($"'{full}' is not a folder of the original Dataans app: it has no {DatabaseRelativePath.Replace('\\', '/')}.");
    }

    /// <summary>
    /// The original's installation at its default place on this OS (honouring <c>[app] base-path</c>),
    /// or null when there is none.
    /// </summary>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="home">The user's home folder (tests pass their own).</param>
    public static OriginalLocation? FindDefault(Func<string, string?>? environment = null, string? home = null)
    {
        var appData = DefaultAppDataFolder(CurrentPlatform(), environment ?? Environment.GetEnvironmentVariable, home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify));
        if (appData is null || !Directory.Exists(appData))
        {
            return null;
        }

        try
        {
            return FromFolder(appData);
        }
        catch (ImportException)
        {
            return null;
        }
    }

    /// <summary>
    /// The original's app data folder: <c>$XDG_DATA_HOME</c> (or <c>~/.local/share</c>) on Linux,
    /// <c>%APPDATA%</c> on Windows, <c>~/Library/Application Support</c> on macOS, each + <c>com.tbt.dataans</c>.
    /// </summary>
    public static string? DefaultAppDataFolder(OSPlatform platform, Func<string, string?> environment, string home)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (platform == OSPlatform.Windows)
        {
            var appData = environment("APPDATA");
            return string.IsNullOrWhiteSpace(appData) ? null : Path.Combine(appData, AppIdentifier);
        }

        var xdg = environment("XDG_DATA_HOME");
        if (platform != OSPlatform.OSX && !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, AppIdentifier);
        }

        if (string.IsNullOrWhiteSpace(home))
        {
            return null;
        }

        return platform == OSPlatform.OSX
            ? Path.Combine(home, "Library", "Application Support", AppIdentifier)
            : Path.Combine(home, ".local", "share", AppIdentifier);
    }

    private static OSPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;
}
