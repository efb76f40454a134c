using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage.Files;

/// <summary>
/// Files under <c>FilesDir/&lt;user&gt;/&lt;id&gt;</c>; an upload in progress is <c>&lt;id&gt;.part</c> and is
/// renamed when completed. Bytes are written as they arrive, so an interrupted upload resumes at
/// whatever reached the disk.
/// </summary>
internal sealed class FolderFileStore(IOptions<StorageOptions> options) : IFileStore
{
    private readonly string _root = options.Value.ResolvedFilesDir;

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_root);
        MoveCapitalizedFolders();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Migration to <see cref="StorageNames.FolderSegment"/>: a folder named after a user with capital
    /// letters (the earlier naming) moves to its hashed name, so that no two users share a folder once
    /// the store sits on a case-insensitive file system. Idempotent; another instance moving the same
    /// folder at once is harmless.
    /// </summary>
    private void MoveCapitalizedFolders()
    {
        foreach (var folder in new DirectoryInfo(_root).EnumerateDirectories())
        {
            var user = folder.Name;
            if (StorageNames.UserSegment(user) != user || StorageNames.FolderSegment(user) == user)
            {
                continue;
            }

            var target = Path.Combine(_root, StorageNames.FolderSegment(user));
            try
            {
                if (!Directory.Exists(target))
                {
                    Directory.Move(folder.FullName, target);
                    continue;
                }

                foreach (var file in folder.EnumerateFiles())
                {
                    var moved = Path.Combine(target, file.Name);
                    if (!File.Exists(moved))
                    {
                        file.MoveTo(moved);
                    }
                }

                if (!folder.EnumerateFileSystemInfos().Any())
                {
                    folder.Delete();
                }
            }
            catch (IOException) when (!Directory.Exists(folder.FullName))
            {
                // Another instance moved it first.
            }
        }
    }

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => Task.FromResult(Directory.Exists(_root));

    public Task<FileState?> GetStateAsync(string user, Guid id, CancellationToken cancellationToken = default)
    {
        // One stat per file (FileInfo keeps what it read): a completing upload renames the part between
        // the two looks, so a part that is gone is looked for again as a complete file.
        var (complete, part) = Paths(user, id);
        var completeFile = new FileInfo(complete);
        var partFile = new FileInfo(part);
        FileState? state = completeFile.Exists ? new FileState(completeFile.Length, true)
            : partFile.Exists ? new FileState(partFile.Length, false)
            : new FileInfo(complete) is { Exists: true } completed ? new FileState(completed.Length, true)
            : null;
        return Task.FromResult(state);
    }

    public async Task<FileState> AppendAsync(string user, Guid id, long offset, Stream body, long maxLength, CancellationToken cancellationToken = default)
    {
        var (complete, part) = Paths(user, id);
        if (File.Exists(complete))
        {
            throw new FileOffsetException(new FileState(new FileInfo(complete).Length, true));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        FileStream stream;
        try
        {
            // FileShare.None: a second concurrent append to the same file fails instead of interleaving. Only an
            // upload from the start creates the part: one that continues needs it to exist (it may have just been
            // completed by another request, and an empty part beside the complete file would stay there for good).
            stream = new FileStream(part, offset == 0 ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        }
        catch (IOException e) when (!StorageFull.Is(e))
        {
            var current = await GetStateAsync(user, id, cancellationToken);
            throw new FileOffsetException(current ?? new FileState(0, false));
        }

        await using (stream)
        {
            if (File.Exists(complete))
            {
                // Completed by another request between the first look and the open: the part opened here is a new one.
                File.Delete(part);
                throw new FileOffsetException(new FileState(new FileInfo(complete).Length, true));
            }

            if (stream.Length != offset)
            {
                throw new FileOffsetException(new FileState(stream.Length, false));
            }

            stream.Seek(offset, SeekOrigin.Begin);
            await StreamCopy.CopyLimitedAsync(body, stream, maxLength - offset, maxLength, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            return new FileState(stream.Length, false);
        }
    }

    public Task<FileState?> CompleteAsync(string user, Guid id, long length, CancellationToken cancellationToken = default)
    {
        var (complete, part) = Paths(user, id);
        if (File.Exists(complete))
        {
            var done = new FileState(new FileInfo(complete).Length, true);
            return done.Length == length ? Task.FromResult<FileState?>(done) : throw new FileOffsetException(done);
        }

        try
        {
            var partLength = new FileInfo(part).Length;
            if (partLength != length)
            {
                throw new FileOffsetException(new FileState(partLength, false));
            }

            File.Move(part, complete, overwrite: false);
            return Task.FromResult<FileState?>(new FileState(length, true));
        }
        catch (IOException) when (File.Exists(complete))
        {
            // Another request for the same upload (a device retrying, or two of its uploads at once) completed it meanwhile.
            var done = new FileState(new FileInfo(complete).Length, true);
            return done.Length == length ? Task.FromResult<FileState?>(done) : throw new FileOffsetException(done);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<FileState?>(null); // no upload in progress
        }
    }

    public async Task PutAsync(string user, Guid id, Stream body, long maxLength, CancellationToken cancellationToken = default)
    {
        var (complete, _) = Paths(user, id);
        Directory.CreateDirectory(Path.GetDirectoryName(complete)!);
        var temp = $"{complete}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await StreamCopy.CopyLimitedAsync(body, stream, maxLength, maxLength, cancellationToken);
            }

            File.Move(temp, complete, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(string user, Guid id, long offset, long count, CancellationToken cancellationToken = default)
    {
        var (complete, _) = Paths(user, id);
        try
        {
#pragma warning disable CA2000 // The RangeStream returned owns the stream (the caller disposes it); a failed Seek disposes it below.
            var stream = new FileStream(complete, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
#pragma warning restore CA2000
            try
            {
                stream.Seek(offset, SeekOrigin.Begin);
                return Task.FromResult<Stream?>(new RangeStream(stream, count));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<int> DeleteUserAsync(string user, CancellationToken cancellationToken = default)
    {
        var dir = Path.Combine(_root, StorageNames.FolderSegment(user));
        if (!Directory.Exists(dir))
        {
            return Task.FromResult(0);
        }

        var files = Directory.EnumerateFiles(dir).Select(f => Path.GetFileName(f).Replace(".part", "", StringComparison.Ordinal)).Distinct().Count();
        Directory.Delete(dir, recursive: true);
        return Task.FromResult(files);
    }

    private (string Complete, string Part) Paths(string user, Guid id)
    {
        var complete = Path.Combine(_root, StorageNames.FolderSegment(user), id.ToString("D"));
        return (complete, complete + ".part");
    }
}
