using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// What a transfer keeps under <c>files/.sync</c> (a sealed upload and its temp, a partial download and
/// its plaintext) is removed once the file needs no transfer, before its row says so; and a run first
/// removes what older versions or a kill left behind for files that are settled (uploaded and on disk).
/// </summary>
internal sealed partial class FileSync
{
    private static readonly string[] TransferSuffixes = [".upload", ".upload.tmp", ".download", ".plain"];

    /// <summary>Deletes every transfer file of <paramref name="fileId"/> (none is needed once the server holds it whole and this device has it).</summary>
    private void DiscardTransfers(Guid fileId)
    {
        var stem = Path.Combine(_transfers, fileId.ToString("N"));
        foreach (var suffix in TransferSuffixes)
        {
            File.Delete(stem + suffix);
        }
    }

    /// <summary>
    /// Removes the transfer files of settled files (the row says uploaded and the file is on disk): no run
    /// takes those up again, so nothing else would. Each is removed in a write transaction that still sees
    /// its row settled, so another process that starts a re-upload (after a server restore) keeps its files.
    /// Transfers of files that still need one, and of ids this run does not know, are left alone.
    /// </summary>
    private async Task DiscardSettledLeftoversAsync(IReadOnlyList<SyncFileInfo> files, CancellationToken cancellationToken)
    {
        var leftovers = new HashSet<Guid>();
        foreach (var entry in Directory.EnumerateFiles(_transfers))
        {
            var name = Path.GetFileName(entry);
            if (name.Length > 32 && name[32] == '.' && Guid.TryParseExact(name[..32], "N", out var id))
            {
                leftovers.Add(id);
            }
        }

        if (leftovers.Count == 0)
        {
            return;
        }

        var settled = files.Where(file => file.IsUploaded && leftovers.Contains(file.Id)).Select(file => file.Id).ToList();
        if (settled.Count > 0)
        {
            await store.FileSyncLedger.WhileSettledAsync(settled, DiscardTransfers, cancellationToken);
        }
    }
}
