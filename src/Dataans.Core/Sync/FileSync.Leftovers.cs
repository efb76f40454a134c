using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// What a transfer keeps under <c>files/.sync</c> (a sealed upload and its temp, a partial download and
/// its plaintext) is removed once the file needs no transfer, before its row says so; and a run first
/// removes what older versions or a kill left behind for files that need no transfer any more: settled
/// (uploaded and on disk), deleted (say, a note deleted while its attachment was half uploaded), or unknown.
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
    /// Removes the transfer files of files no run takes up again, so nothing else would: settled ones (the
    /// row says uploaded and the file is on disk), deleted ones and ids with no row. Each is removed in a
    /// write transaction that still sees that, so another process that starts a transfer meanwhile (a
    /// re-upload after a server restore, a file it just added) keeps its files. Transfers of live files
    /// that still need one are left to resume.
    /// </summary>
    private async Task DiscardLeftoversAsync(IReadOnlyList<SyncFileInfo> files, CancellationToken cancellationToken)
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

        leftovers.ExceptWith(files.Where(file => !file.IsUploaded).Select(file => file.Id));
        if (leftovers.Count > 0)
        {
            await store.FileSyncLedger.WhileNoTransferNeededAsync([.. leftovers], DiscardTransfers, cancellationToken);
        }
    }
}
