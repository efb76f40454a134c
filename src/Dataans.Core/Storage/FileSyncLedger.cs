using Dataans.Core.Model;

namespace Dataans.Core.Storage;

/// <summary>
/// What the file half of sync keeps in the store: which live files the server holds, and the stream
/// header of each upload in progress (so a resumed upload is byte-identical). Thread-safe.
/// </summary>
public sealed class FileSyncLedger
{
    private readonly StoreTransactions _transactions;
    private readonly FilesFolder _files;

    internal FileSyncLedger(StoreTransactions transactions, FilesFolder files)
    {
        _transactions = transactions;
        _files = files;
    }

    /// <summary>How many live files are in each state, for `sync status`.</summary>
    public async Task<IReadOnlyDictionary<FileStatus, int>> CountFilesByStatusAsync(CancellationToken cancellationToken = default)
    {
        var files = await ReadFilesAsync(null, cancellationToken);
        return files
            .Select(file => NoteReader.StatusOf(_files, file.Path, file.IsUploaded))
            .GroupBy(status => status)
            .ToDictionary(group => group.Key, group => group.Count());
    }

    /// <summary>Live (not deleted, known) files, for the file half of sync.</summary>
    internal Task<IReadOnlyList<SyncFileInfo>> ReadFilesAsync(Guid? onlyId = null, CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync<IReadOnlyList<SyncFileInfo>>(
            batch =>
            {
                var filter = onlyId is null ? string.Empty : " AND id = @id";
                using var reader = batch.Reader(
                    $"SELECT id, path, is_uploaded FROM files WHERE content_ts IS NOT NULL AND is_deleted = 0{filter}",
                    ("@id", onlyId is { } id ? DbValue.Id(id) : null));
                var result = new List<SyncFileInfo>();
                while (reader.Read())
                {
                    result.Add(new SyncFileInfo(reader.GetId(0), reader.GetString(1), reader.GetInt64(2) != 0));
                }

                return result;
            },
            cancellationToken);

    internal Task MarkUploadedAsync(Guid fileId, CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync(
            (writer, _) =>
            {
                writer.Batch.Execute("UPDATE files SET is_uploaded = 1 WHERE id = @id", ("@id", DbValue.Id(fileId)));
                // Its status changed (downloaded, or uploaded): the notes showing it must update.
                writer.Applier.Changes.Files.Add(fileId);
                return writer.Batch.Execute("DELETE FROM file_uploads WHERE file_id = @id", ("@id", DbValue.Id(fileId)));
            },
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> for each of <paramref name="fileIds"/> that no transfer will take up
    /// again, inside one write transaction (so no other writer changes those rows meanwhile): a live file
    /// that is uploaded and on disk, a deleted file, or an id with no row. A deleted or unknown file's
    /// upload header goes too (a file brought back seals the same header again: it derives from the content).
    /// </summary>
    internal Task WhileNoTransferNeededAsync(IReadOnlyList<Guid> fileIds, Action<Guid> action, CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync(
            (writer, _) =>
            {
                foreach (var id in fileIds)
                {
                    var parameter = ("@id", DbValue.Id(id));
                    if (writer.Batch.Scalar("SELECT is_deleted FROM files WHERE id = @id", parameter) is not long deleted || deleted != 0)
                    {
                        writer.Batch.Execute("DELETE FROM file_uploads WHERE file_id = @id", parameter);
                        action(id);
                    }
                    else if (writer.Batch.Scalar(
                            "SELECT path FROM files WHERE id = @id AND is_uploaded = 1 AND content_ts IS NOT NULL AND path IS NOT NULL", parameter) is string path
                        && _files.Exists(path))
                    {
                        action(id);
                    }
                }

                return 0;
            },
            cancellationToken);

    /// <summary>
    /// Forgets that the server holds this device's files (after a restore it may have lost some), so that
    /// the next file sync asks it again (HEAD) and re-uploads what is missing. Returns the live files' ids.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> ForgetUploadsAsync(CancellationToken cancellationToken = default)
    {
        await _transactions.WriteAsync(
            (writer, _) => writer.Batch.Execute("UPDATE files SET is_uploaded = 0 WHERE is_uploaded = 1 AND content_ts IS NOT NULL AND is_deleted = 0"),
            cancellationToken);
        return [.. (await ReadFilesAsync(null, cancellationToken)).Select(file => file.Id)];
    }

    /// <summary>The stream header an upload of this file uses; created once so a resumed upload is byte-identical.</summary>
    internal Task<byte[]> GetOrCreateUploadHeaderAsync(Guid fileId, Func<byte[]> create, CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync(
            (writer, _) =>
            {
                if (writer.Batch.Scalar("SELECT header FROM file_uploads WHERE file_id = @id", ("@id", DbValue.Id(fileId))) is byte[] existing)
                {
                    return existing;
                }

                var header = create();
                writer.Batch.Execute("INSERT INTO file_uploads (file_id, header) VALUES (@id, @header)", ("@id", DbValue.Id(fileId)), ("@header", header));
                return header;
            },
            cancellationToken);
}

/// <summary>A file as the file half of sync sees it.</summary>
internal sealed record SyncFileInfo(Guid Id, string Path, bool IsUploaded);
