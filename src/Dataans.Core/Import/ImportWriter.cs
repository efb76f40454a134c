using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Diagnostics;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Import;

/// <summary>
/// Writes a validated <see cref="ImportSet"/> in ONE write transaction as ordinary local operations
/// (so imported data syncs), keeping the file's ids and payload times. Per object: missing here →
/// Create; deleted here → restored with the imported content (an import is how a backup is brought
/// back); present with an older <c>updated_at</c> → Update; otherwise unchanged (newer local data
/// wins), so a second import of the same file emits nothing. Staged bytes are moved into the files
/// folder inside the transaction (named in a <see cref="FileCommitJournal"/> first) and removed again
/// if it fails, or by the next open if the process dies before the commit.
/// </summary>
internal static class ImportWriter
{
    public static async Task<ImportResult> WriteAsync(
        DataansStore store,
        ImportSet set,
        IReadOnlyDictionary<Guid, StagedFile> staged,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var committed = new List<string>();
        using var journal = staged.Count > 0 ? FileCommitJournal.Begin(store.Files) : null;
        try
        {
            var result = await store.Transactions.WriteAsync(
                (writer, _) => new Transaction(writer, store.Files, staged, journal, committed, progress).Run(set),
                cancellationToken);
            FaultInjection.Hit("import.committed");
            return result;
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

    private sealed class Transaction(
        LocalWriter writer,
        FilesFolder files,
        IReadOnlyDictionary<Guid, StagedFile> staged,
        FileCommitJournal? journal,
        List<string> committed,
        IProgress<ExportProgress>? progress)
    {
        private int _spacesCreated;
        private int _spacesUpdated;
        private int _notesCreated;
        private int _notesUpdated;
        private int _filesImported;
        private int _unchanged;
        private int _done;
        private int _total;

        private SqlBatch Batch => writer.Batch;

        public ImportResult Run(ImportSet set)
        {
            _total = set.Files.Count + set.Spaces.Count + set.Notes.Count;
            foreach (var file in set.Files.Values)
            {
                ImportFile(file);
                Step();
            }

            foreach (var space in set.Spaces)
            {
                ImportSpace(space);
                Step();
            }

            foreach (var note in set.Notes)
            {
                ImportNote(note);
                Step();
                FaultInjection.Hit("import.note");
            }

            FaultInjection.Hit("import.before-commit");

            progress?.Report(new ExportProgress(_total, _total, "Writing"));
            return new ImportResult(_spacesCreated, _spacesUpdated, _notesCreated, _notesUpdated, _filesImported, _unchanged);
        }

        private void ImportFile(ImportFile file)
        {
            var local = ImportRows.ReadFile(Batch, file.Id);
            var changed = local is null || local.Value.IsDeleted || file.UpdatedAt.UnixNanoseconds > local.Value.UpdatedAt;
            if (changed)
            {
                var time = writer.NextTime();
                writer.Emit(new CreateFile(new FilePayload(file.Id, file.Name, file.Path, file.CreatedAt, file.UpdatedAt, false)), time);
            }

            var path = changed ? file.Path : local!.Value.Text;
            if (staged.TryGetValue(file.Id, out var bytes) && path is not null && files.Resolve(path) is not null && !files.Exists(path))
            {
                journal!.Record(path);
                files.Commit(bytes, path);
                committed.Add(path);
                FaultInjection.Hit("import.file.moved-in");
                FileRows.SetSize(Batch, file.Id, bytes.Length);
                changed = true;
            }

            _filesImported += changed ? 1 : 0;
            _unchanged += changed ? 0 : 1;
        }

        private void ImportSpace(ImportSpace space)
        {
            var local = ImportRows.ReadSpace(Batch, space.Id);
            var payload = new SpacePayload(space.Id, space.Name, space.AvatarId, space.CreatedAt, space.UpdatedAt, false);
            if (local is null)
            {
                writer.Emit(new CreateSpace(payload), writer.NextTime());
                _spacesCreated++;
            }
            else if (local.Value.IsDeleted || space.UpdatedAt.UnixNanoseconds > local.Value.UpdatedAt)
            {
                writer.Emit(new UpdateSpace(payload), writer.NextTime());
                _spacesUpdated++;
            }
            else
            {
                _unchanged++;
            }
        }

        private void ImportNote(ImportNote note)
        {
            var local = ImportRows.ReadNote(Batch, note.Id);
            if (local is null)
            {
                writer.Emit(new CreateNote(new NotePayload(note.Id, note.Text, note.CreatedAt, note.UpdatedAt, note.SpaceId, false)), writer.NextTime());
                if (note.FileIds.Count > 0)
                {
                    writer.Emit(new SetNoteFiles(note.Id, note.FileIds), writer.NextTime());
                }

                _notesCreated++;
            }
            else if (local.Value.IsDeleted || note.UpdatedAt.UnixNanoseconds > local.Value.UpdatedAt)
            {
                // The imported text replaces the version shown here: name it as the parent, so history
                // does not flag the import as a concurrent edit.
                var parent = new Guid(Convert.FromHexString(local.Value.Text!), bigEndian: true);
                writer.Emit(new UpdateNote(new NotePayload(note.Id, note.Text, note.CreatedAt, note.UpdatedAt, note.SpaceId, false, [parent])), writer.NextTime());
                if (!ImportRows.ReadNoteFiles(Batch, note.Id).SequenceEqual(note.FileIds))
                {
                    writer.Emit(new SetNoteFiles(note.Id, note.FileIds), writer.NextTime());
                }

                _notesUpdated++;
            }
            else
            {
                _unchanged++;
            }
        }

        private void Step()
        {
            if (++_done % 100 == 0)
            {
                progress?.Report(new ExportProgress(_done, _total, "Writing"));
            }
        }
    }
}
