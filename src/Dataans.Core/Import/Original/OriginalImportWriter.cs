using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Writes an <see cref="OriginalPlan"/> in ONE store transaction: every operation through the store's
/// applier as a local one (so it is pushed; the server drops ids it already holds), the original's JSON
/// kept byte for byte, the original's row times restored, and the staged bytes moved into the files
/// folder (named in a <see cref="FileCommitJournal"/> first, removed again if the transaction fails).
/// Known operation ids are skipped, so a second import of the same installation changes nothing.
/// </summary>
internal static class OriginalImportWriter
{
    public static async Task<(int Applied, int Known)> WriteAsync(
        DataansStore store,
        OriginalPlan plan,
        IReadOnlyDictionary<Guid, StagedFile> staged,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var committed = new List<string>();
        using var journal = staged.Count > 0 ? FileCommitJournal.Begin(store.Files) : null;
        try
        {
            return await store.Transactions.WriteAsync((writer, _) => Write(writer, store.Files, plan, staged, journal, committed, progress), cancellationToken);
        }
        catch
        {
            foreach (var path in committed)
            {
                store.Files.Remove(path);
            }

            throw;
        }
    }

    private static (int Applied, int Known) Write(
        LocalWriter writer,
        FilesFolder files,
        OriginalPlan plan,
        IReadOnlyDictionary<Guid, StagedFile> staged,
        FileCommitJournal? journal,
        List<string> committed,
        IProgress<ExportProgress>? progress)
    {
        var batch = writer.Batch;
        int applied = 0, known = 0, done = 0;
        foreach (var record in plan.Records)
        {
            writer.Observe(record.CreatedAt);
            if (writer.Applier.Apply(record, isLocal: true))
            {
                applied++;
                if (plan.OriginalJson.TryGetValue(record.Id, out var json))
                {
                    batch.Execute("UPDATE operations SET operation = @json WHERE id = @id", ("@json", json), ("@id", DbValue.Id(record.Id)));
                }
            }
            else
            {
                known++;
            }

            if (++done % 500 == 0)
            {
                progress?.Report(new ExportProgress(done, plan.Records.Count, "Writing"));
            }
        }

        RestoreTimes(batch, "spaces", plan.SpaceTimes);
        RestoreTimes(batch, "notes", plan.NoteTimes);
        foreach (var file in plan.Files)
        {
            if (staged.TryGetValue(file.Id, out var bytes) && !files.Exists(file.StoredPath))
            {
                journal!.Record(file.StoredPath);
                files.Commit(bytes, file.StoredPath);
                committed.Add(file.StoredPath);
                batch.Execute("UPDATE files SET size = @size WHERE id = @id", ("@size", bytes.Length), ("@id", DbValue.Id(file.Id)));
            }
        }

        progress?.Report(new ExportProgress(plan.Records.Count, plan.Records.Count, "Writing"));
        return (applied, known);
    }

    private static void RestoreTimes(SqlBatch batch, string table, List<TimeFix> fixes)
    {
        foreach (var fix in fixes)
        {
            batch.Execute(
                $"UPDATE {table} SET created_at = @created, updated_at = @updated WHERE id = @id AND content_op = @op AND (created_at IS NOT @created OR updated_at IS NOT @updated)",
                ("@created", fix.CreatedAt.UnixNanoseconds),
                ("@updated", fix.UpdatedAt.UnixNanoseconds),
                ("@id", DbValue.Id(fix.ObjectId)),
                ("@op", DbValue.Id(fix.OperationId)));
        }
    }
}
