namespace Dataans.Core.Profile;

/// <summary>
/// Reads and writes <c>&lt;data dir&gt;/profile/profile.json</c>. A missing file means "signed out".
/// Writes are atomic (a 0600 temporary file in the same folder, flushed to disk, then renamed over
/// the old file), so a crash leaves either the old or the new profile, never a mix. A damaged file
/// is reported with <see cref="ProfileCorruptException"/> and never replaced by a read.
/// Thread-safe: writes through one instance are serialized; readers never see a partial file.
/// </summary>
internal sealed class ProfileStore : IDisposable
{
    /// <summary>Folder under the data directory.</summary>
    public const string FolderName = "profile";

    /// <summary>The profile's file name.</summary>
    public const string FileName = "profile.json";

    /// <summary>Files larger than this are rejected as damaged (1 MiB).</summary>
    public const int MaxFileSize = 1024 * 1024;

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;
    private const string TempSuffix = ".tmp";

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <param name="dataDirectory">The app's data directory; the profile lives in its <c>profile</c> folder.</param>
    public ProfileStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        DirectoryPath = Path.Combine(Path.GetFullPath(dataDirectory), FolderName);
        FilePath = Path.Combine(DirectoryPath, FileName);
    }

    /// <summary>Releases the write lock.</summary>
    public void Dispose() => _writeLock.Dispose();

    /// <summary>The folder that holds the profile.</summary>
    public string DirectoryPath { get; }

    /// <summary>The full path of <c>profile.json</c>.</summary>
    public string FilePath { get; }

    /// <summary>Called with the finished temporary file just before it replaces the profile (tests only).</summary>
    internal Func<string, CancellationToken, Task>? BeforeReplace { get; init; }

    /// <summary>Reads the profile; <see langword="null"/> when there is none (signed out).</summary>
    /// <exception cref="ProfileCorruptException">The file exists but is empty, partial, oversized or invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable by this user.</exception>
    public async Task<UserProfile?> LoadAsync(CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read | FileShare.Delete };
            await using var stream = new FileStream(FilePath, options);
            bytes = await ReadLimitedAsync(stream, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var profile = ProfileJson.Deserialize(bytes, FilePath);
        RestrictPermissions();
        return profile;
    }

    /// <summary>Writes the profile atomically with mode 0600 (folder 0700) on Unix.</summary>
    /// <exception cref="IOException">The file cannot be written; the previous profile is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable by this user.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the rename; the previous profile is unchanged.</exception>
    public async Task SaveAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        var json = ProfileJson.Serialize(profile);
        await _writeLock.WaitAsync(cancellationToken);
        var temp = Path.Combine(DirectoryPath, $".{FileName}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            CreateDirectory();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerReadWrite;
            }

            await using (var stream = new FileStream(temp, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The umask can only remove bits; make the mode exact before any byte is written.
                    File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
                }

                await stream.WriteAsync(json, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (BeforeReplace is { } hook)
            {
                await hook(temp, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, FilePath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Signs out: deletes the profile (damaged or not) and any leftover temporary files.</summary>
    /// <returns>Whether a profile existed.</returns>
    /// <exception cref="IOException">The file cannot be deleted.</exception>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(DirectoryPath))
            {
                return false;
            }

            foreach (var leftover in Directory.EnumerateFiles(DirectoryPath, $".{FileName}.*{TempSuffix}"))
            {
                TryDelete(leftover);
            }

            var existed = File.Exists(FilePath);
            File.Delete(FilePath);
            return existed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(FileStream stream, CancellationToken cancellationToken)
    {
        // Check while reading too: the length reported up front may change under us.
        var tooLarge = $"it is larger than {MaxFileSize / 1024} KiB";
        if (stream.Length > MaxFileSize)
        {
            throw new ProfileCorruptException(stream.Name, tooLarge);
        }

        using var memory = new MemoryStream((int)stream.Length);
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (memory.Length + read > MaxFileSize)
            {
                throw new ProfileCorruptException(stream.Name, tooLarge);
            }

            memory.Write(chunk, 0, read);
        }

        return memory.ToArray();
    }

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(DirectoryPath);
            return;
        }

        Directory.CreateDirectory(DirectoryPath, OwnerOnlyFolder);
        File.SetUnixFileMode(DirectoryPath, OwnerOnlyFolder);
    }

    private void RestrictPermissions()
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(FilePath) & ~OwnerReadWrite) != 0)
        {
            File.SetUnixFileMode(FilePath, OwnerReadWrite);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
