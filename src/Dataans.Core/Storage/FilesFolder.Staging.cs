namespace Dataans.Core.Storage;

/// <summary>Staging per writer: its folder and lock, settling staged files, and cleaning what writers that are gone left.</summary>
public sealed partial class FilesFolder
{
    private const string LockSuffix = ".lock";
    private readonly Lock _stagingGate = new();
    private string? _ownStaging;
    private FileStream? _ownLock;
    private int _unsettled;

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

        // Each deletion may race another process cleaning the same leftovers: what it cannot delete, it leaves.
        foreach (var folder in Directory.GetDirectories(_stagingPath))
        {
            using var deadLock = TryTakeLock(folder + LockSuffix, out var held);
            if (!held)
            {
                TryDelete(() => Directory.Delete(folder, recursive: true));
                if (deadLock is not null)
                {
                    TryDelete(() => File.Delete(folder + LockSuffix));
                }
            }
        }

        foreach (var file in Directory.GetFiles(_stagingPath))
        {
            if (!file.EndsWith(LockSuffix, StringComparison.Ordinal))
            {
                TryDelete(() => File.Delete(file));
                continue;
            }

            using var deadLock = TryTakeLock(file, out var held);
            if (!held && deadLock is not null && !Directory.Exists(file[..^LockSuffix.Length]))
            {
                TryDelete(() => File.Delete(file));
            }
        }
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone already, or not ours to delete now; a later open cleans it.
        }
    }

    /// <summary>Removes this writer's staging folder and lock (what is left there was never committed); the store closes it.</summary>
    public void Dispose()
    {
        lock (_stagingGate)
        {
            if (_ownStaging is { } own && Directory.Exists(own))
            {
                TryDelete(() => Directory.Delete(own, recursive: true)); // else left for a later open's cleaning, once this lock is gone
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
}
