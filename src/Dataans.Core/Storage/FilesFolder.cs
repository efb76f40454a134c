using System.Text;

namespace Dataans.Core.Storage;

/// <summary>
/// The folder that holds attachment and avatar bytes. Stored paths are plain file names: anything
/// that could leave the folder (separators, <c>..</c>, rooted paths) is refused. New files are written
/// to a staging folder first and moved into place, so a crash never leaves a partial file visible.
/// Each writer (one per open store) stages in a folder of its own, <c>.staging/&lt;id&gt;/</c>, beside a
/// lock file <c>.staging/&lt;id&gt;.lock</c> it holds open exclusively: cleaning at open removes only the
/// folders of writers that are gone, never what another process (the app while the CLI opens the store)
/// is staging. Thread-safe.
/// </summary>
public sealed class FilesFolder : IDisposable
{
    private const int MaxNameBytes = 180;
    private const string LockSuffix = ".lock";
    private readonly string _stagingPath;
    private readonly Lock _stagingGate = new();
    private string? _ownStaging;
    private FileStream? _ownLock;
    private int _unsettled;

    /// <summary>The files folder at <paramref name="root"/> (made absolute; created when first written).</summary>
    public FilesFolder(string root)
    {
        Root = Path.GetFullPath(root);
        _stagingPath = Path.Combine(Root, ".staging");
        PrivateDataFolder.CreateFolder(Root);
    }

    /// <summary>The absolute folder.</summary>
    public string Root { get; }

    /// <summary>The full path of a stored file name, or null if the name could escape the folder.</summary>
    public string? Resolve(string storedPath)
    {
        if (string.IsNullOrEmpty(storedPath) || storedPath.Length > 255 || storedPath is "." or ".."
            || storedPath.IndexOfAny(['/', '\\', '\0', ':']) >= 0 || storedPath.StartsWith('.'))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Root, storedPath));
        return Path.GetDirectoryName(full) == Root ? full : null;
    }

    /// <summary>True when a file with this stored name is on disk.</summary>
    public bool Exists(string storedPath) => Resolve(storedPath) is { } full && File.Exists(full);

    /// <summary>The length in bytes of a stored file, or null when it is not on disk.</summary>
    public long? LengthOf(string storedPath) =>
        Resolve(storedPath) is { } full && new FileInfo(full) is { Exists: true } info ? info.Length : null;

    /// <summary>A stored name for an attachment: <c>&lt;id&gt;_&lt;safe original name&gt;</c>.</summary>
    public static string StoredNameFor(Guid id, string originalName) => $"{id}_{SafeFileName(originalName)}";

    /// <summary>A file name that is valid on Windows, macOS and Linux and keeps the extension.</summary>
    public static string SafeFileName(string name, string fallback = "file")
    {
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var value = rune.Value;
            var invalid = value < 32 || value == 127 || "<>:\"/\\|?*".Contains((char)Math.Min(value, 0xFFFF), StringComparison.Ordinal);
            builder.Append(invalid ? "_" : rune.ToString());
        }

        var safe = builder.ToString().Trim().TrimEnd('.').TrimStart('.');
        if (safe.Length == 0 || IsReservedWindowsName(safe))
        {
            safe = safe.Length == 0 ? fallback : "_" + safe;
        }

        while (Encoding.UTF8.GetByteCount(safe) > MaxNameBytes)
        {
            var extension = Path.GetExtension(safe);
            var stem = Path.GetFileNameWithoutExtension(safe);
            safe = extension.Length < 16 && stem.Length > 1
                ? stem[..^1] + extension
                : safe[..^1];
        }

        return safe;
    }

    /// <summary>Copies bytes into the staging folder; the caller commits or discards the result.</summary>
    public async Task<StagedFile> StageAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var (path, settle) = ClaimStaging();
        try
        {
            await using (var target = new FileStream(path, PrivateDataFolder.NewFile(FileMode.CreateNew)))
            {
                await source.CopyToAsync(target, cancellationToken);
                await target.FlushAsync(cancellationToken);
                target.Flush(flushToDisk: true);
            }

            return new StagedFile(path, new FileInfo(path).Length) { Settle = settle };
        }
        catch
        {
            File.Delete(path);
            settle();
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a staging file, to be committed under a stored name later.</summary>
    public async Task<StagedFile> StageAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        using var source = new MemoryStream(bytes, writable: false);
        return await StageAsync(source, cancellationToken);
    }

    /// <summary>Moves a staged file to its stored name (replacing nothing).</summary>
    public void Commit(StagedFile staged, string storedPath)
    {
        var target = Resolve(storedPath) ?? throw new StoreException("The file name is not allowed.");
        File.Move(staged.Path, target, overwrite: false);
        staged.Settle?.Invoke();
    }

    /// <summary>Deletes a staging file that was not committed (nothing happens when it is gone).</summary>
    public static void Discard(StagedFile staged)
    {
        if (File.Exists(staged.Path))
        {
            File.Delete(staged.Path);
        }

        staged.Settle?.Invoke();
    }

    /// <summary>Removes a committed file again (used when its transaction rolled back).</summary>
    public void Remove(string storedPath)
    {
        if (Resolve(storedPath) is { } full && File.Exists(full))
        {
            File.Delete(full);
        }
    }

    /// <summary>
    /// Deletes leftovers of interrupted writes: the staging folders whose writer no longer holds its lock (a
    /// process that crashed or ended), and files staged directly in <c>.staging</c> by earlier versions.
    /// </summary>
    public void CleanStaging()
    {
        if (!Directory.Exists(_stagingPath))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(_stagingPath))
        {
            using var deadLock = TryTakeLock(folder + LockSuffix, out var held);
            if (!held)
            {
                Directory.Delete(folder, recursive: true);
                if (deadLock is not null)
                {
                    File.Delete(folder + LockSuffix);
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(_stagingPath))
        {
            if (!file.EndsWith(LockSuffix, StringComparison.Ordinal))
            {
                File.Delete(file);
                continue;
            }

            using var deadLock = TryTakeLock(file, out var held);
            if (!held && deadLock is not null && !Directory.Exists(file[..^LockSuffix.Length]))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Removes this writer's staging folder and lock (what is left there was never committed); the store closes it.</summary>
    public void Dispose()
    {
        lock (_stagingGate)
        {
            try
            {
                if (_ownStaging is not null && Directory.Exists(_ownStaging))
                {
                    Directory.Delete(_ownStaging, recursive: true);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Left for the next open's cleaning, once this lock is gone.
            }

            _ownLock?.Dispose(); // deletes the lock file
            (_ownStaging, _ownLock, _unsettled) = (null, null, 0);
        }
    }

    /// <summary>
    /// A new path in this writer's staging folder, and what settles it (once: after its commit or discard). The
    /// folder and its lock exist while anything staged in it is unsettled, so nothing of it stays in the files
    /// folder between writes.
    /// </summary>
    private (string Path, Action Settle) ClaimStaging()
    {
        lock (_stagingGate)
        {
            var folder = OwnStaging();
            _unsettled++;
            var settled = 0;
            void Settle()
            {
                if (Interlocked.Exchange(ref settled, 1) == 0)
                {
                    Settled(folder);
                }
            }

            return (Path.Combine(folder, Guid.NewGuid().ToString("N")), Settle);
        }
    }

    /// <summary>One file of <paramref name="folder"/> settled; the last one removes the folder (unless it is already gone).</summary>
    private void Settled(string folder)
    {
        lock (_stagingGate)
        {
            if (folder == _ownStaging && --_unsettled == 0)
            {
                Dispose();
            }
        }
    }

    /// <summary>
    /// This writer's staging folder, created with its lock on first use. The lock file comes first, and the
    /// folder counts as this writer's only while the lock file is still there: a cleaner that took the lock in
    /// the instant between its creation and its locking deleted it, and the writer starts over.
    /// </summary>
    private string OwnStaging()
    {
        lock (_stagingGate)
        {
            while (_ownStaging is null || !Directory.Exists(_ownStaging) || !File.Exists(_ownStaging + LockSuffix))
            {
                _ownLock?.Dispose();
                (_ownStaging, _ownLock) = (null, null);
                PrivateDataFolder.CreateFolder(_stagingPath);
                var folder = Path.Combine(_stagingPath, Guid.NewGuid().ToString("N"));
                try
                {
                    _ownLock = new FileStream(folder + LockSuffix, PrivateDataFolder.NewFile(FileMode.CreateNew, FileOptions.DeleteOnClose, 1));
                }
                catch (IOException)
                {
                    continue; // a cleaner holds it for that instant
                }

                PrivateDataFolder.CreateFolder(folder);
                _ownStaging = folder;
            }

            return _ownStaging;
        }
    }

    /// <summary>
    /// Takes a writer's lock if its writer is gone (the stream, to be disposed), or finds it held by a live
    /// writer (<paramref name="held"/>); a missing lock file gives neither.
    /// </summary>
    private static FileStream? TryTakeLock(string lockPath, out bool held)
    {
        held = false;
        try
        {
            return new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            held = true;
            return null;
        }
    }

    private static bool IsReservedWindowsName(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name).ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(stem[3]));
    }
}

/// <summary>Bytes written to the staging folder, not yet visible.</summary>
public sealed record StagedFile(string Path, long Length)
{
    /// <summary>Ends the file's claim on its writer's staging folder (after its commit or discard); only the first call counts.</summary>
    internal Action? Settle { get; init; }
}
