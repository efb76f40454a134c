using Dataans.Core.Model;
using Dataans.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Dataans.App.Ui.State;

/// <summary>
/// Files the browser uploaded for a draft, an avatar or an import, kept in <c>&lt;data dir&gt;/uploads/&lt;id&gt;/</c>
/// until they are attached or removed (drafts survive restarts). Leftovers older than 30 days are removed
/// at start. Thread-safe.
/// </summary>
internal sealed class UploadStore
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
    private readonly string _root;

    public UploadStore(DataDirectory directory, TimeProvider timeProvider, ILogger<UploadStore> logger)
    {
        _root = Path.Combine(directory.Root, "uploads");
        PrivateDataFolder.CreateFolder(_root);
        RemoveOld(timeProvider.GetUtcNow().UtcDateTime, logger);
    }

    /// <summary>Streams <paramref name="content"/> to disk under a safe version of <paramref name="name"/>.</summary>
    public async Task<UploadedFile> SaveAsync(Stream content, string? name, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var safeName = FilesFolder.SafeFileName(string.IsNullOrWhiteSpace(name) ? "file" : name);
        var folder = Path.Combine(_root, id.ToString("N"));
        PrivateDataFolder.CreateFolder(folder);
        var path = Path.Combine(folder, safeName);
        try
        {
            await using var target = new FileStream(path, PrivateDataFolder.NewFile(FileMode.CreateNew));
            await content.CopyToAsync(target, cancellationToken);
            return new UploadedFile(id, safeName, target.Length);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>The file of an upload, or null when there is no such upload.</summary>
    public string? PathOf(Guid id)
    {
        var folder = Path.Combine(_root, id.ToString("N"));
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).FirstOrDefault() : null;
    }

    public AttachmentSource? AsAttachment(UploadedFile file) =>
        PathOf(file.Id) is { } path
            ? new AttachmentSource(file.Name, _ => Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous)))
            : null;

    public void Remove(Guid id)
    {
        var folder = Path.Combine(_root, id.ToString("N"));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void RemoveOld(DateTime now, ILogger logger)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            try
            {
                if (now - Directory.GetLastWriteTimeUtc(folder) > MaxAge)
                {
                    Directory.Delete(folder, recursive: true);
                    removed++;
                }
            }
            catch (IOException exception)
            {
                Log.OldUploadKept(logger, exception.GetType().Name); // still in use: try again next start
            }
        }

        if (removed > 0)
        {
            Log.OldUploadsRemoved(logger, removed, (int)MaxAge.TotalDays);
        }
    }
}

/// <summary>An uploaded file: its upload id, safe name and size in bytes.</summary>
public sealed record UploadedFile(Guid Id, string Name, long Size);
