using System.Runtime.Versioning;

namespace Dataans.Core.Storage;

/// <summary>
/// Keeps the data folder private to its owner on Unix: the folder and every folder in it 0700, every
/// file 0600 (database, attachments, uploads, transfers, backups). New files are created with these
/// modes where the store creates them; a folder found open to other accounts (made by an older version,
/// copied, or restored from an archive) is tightened once when the store opens. Nothing is done on
/// Windows, whose per-user profile folders are already private. Thread-safe (stateless).
/// </summary>
public static class PrivateDataFolder
{
    /// <summary>The mode of the data folder and the app's folders in it: 0700.</summary>
    public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    /// <summary>The mode of the app's files in the data folder: 0600.</summary>
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The folders the app keeps in a data folder; only these are tightened, whatever else the folder holds.</summary>
    private static readonly string[] OwnFolders = ["db", "files", "profile", "configs", "backups", "uploads"];

    /// <summary>
    /// Creates <paramref name="root"/> (0700) if it is missing. If it exists and other accounts may use it,
    /// takes their access away from it (when it is a folder of the app's own: it holds nothing but the
    /// app's folders and is not the home folder) and from the app's folders in it and everything below them
    /// (symbolic links are not followed).
    /// </summary>
    /// <returns>How many folders and files were tightened (0 when the folder was already private).</returns>
    public static int Secure(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(root);
            return 0;
        }

        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root, FolderPermissions);
            return 0;
        }

        var isDataFolder = !string.Equals(Path.TrimEndingDirectorySeparator(root), Path.TrimEndingDirectorySeparator(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify)), StringComparison.Ordinal)
            && Directory.EnumerateFileSystemEntries(root).All(entry => OwnFolders.Contains(Path.GetFileName(entry), StringComparer.Ordinal));

        // A private data folder keeps everything below it private, so the walk is needed only when it is found
        // open (made by an older version, a copy or an unpacked archive) or is not a folder of its own.
        if (isDataFolder && (File.GetUnixFileMode(root) & GroupAndOthers) == 0)
        {
            return 0;
        }

        var tightened = isDataFolder ? Tighten(root, isFolder: true) : 0;
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var folder in OwnFolders.Select(name => new DirectoryInfo(Path.Combine(root, name))).Where(folder => folder.Exists && folder.LinkTarget is null))
        {
            tightened += Tighten(folder.FullName, isFolder: true);
            foreach (var entry in folder.EnumerateFileSystemInfos("*", walk))
            {
                tightened += Tighten(entry.FullName, entry is DirectoryInfo);
            }
        }

        return tightened;
    }

    /// <summary>Creates a folder inside the data folder with mode 0700 (parents as <see cref="Directory.CreateDirectory(string)"/> does).</summary>
    public static DirectoryInfo CreateFolder(string path) =>
        OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, FolderPermissions);

    /// <summary>Options for a new file of the data folder: mode 0600 on Unix.</summary>
    public static FileStreamOptions NewFile(FileMode mode, FileOptions options = FileOptions.Asynchronous, int bufferSize = 81920)
    {
        var result = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, Options = options, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = FilePermissions;
        }

        return result;
    }

    /// <summary>Creates an empty file with mode 0600 if it does not exist (SQLite gives its WAL and shared-memory files the mode of the database file).</summary>
    public static void CreatePrivateFile(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var _ = new FileStream(path, NewFile(FileMode.CreateNew, FileOptions.None, 1));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another process: its mode is tightened at the next open if needed.
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static int Tighten(string path, bool isFolder)
    {
        var mode = File.GetUnixFileMode(path);
        var wanted = (mode & ~GroupAndOthers) | (isFolder ? FolderPermissions : UnixFileMode.None);
        if (wanted == mode)
        {
            return 0;
        }

        File.SetUnixFileMode(path, wanted);
        return 1;
    }
}
