using Dataans.Contracts.Operations;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// The notes half of the applier. A page's notes are read in one query (<see cref="ReadNotesOf"/>) and
/// then known in memory for the rest of the page; a note the store has not seen is kept in memory too
/// (every later operation of the page on it changes it there) and inserted with the page's other new
/// notes in multi-row statements at the end of the page.
/// </summary>
internal sealed partial class OperationApplier
{
    private const string SelectNoteRows = "SELECT id, nid, content_ts, content_op, state_ts, state_op, text, has_conflict FROM notes";

    private const string InsertNotesHead =
        "INSERT INTO notes (id, space_id, text, created_at, updated_at, content_ts, content_op, state_ts, state_op, is_deleted, has_conflict) VALUES";

    private const int NoteColumns = 11;

    private const string UpdateNoteContentSql = """
        UPDATE notes SET space_id = @space_id, text = @text, created_at = @created_at, updated_at = @updated_at,
            content_ts = @ts, content_op = @op WHERE id = @id
        """;

    private const string UpdateNoteStateSql = "UPDATE notes SET state_ts = @ts, state_op = @op, is_deleted = @is_deleted WHERE id = @id";

    private const string UpdateNoteContentAndStateSql = """
        UPDATE notes SET space_id = @space_id, text = @text, created_at = @created_at, updated_at = @updated_at,
            content_ts = @ts, content_op = @op, state_ts = @ts, state_op = @op, is_deleted = @is_deleted WHERE id = @id
        """;

    /// <summary>The notes the current page touched, as they stand now (null: the store has no row for it).</summary>
    private readonly Dictionary<Guid, NoteRow?> _notes = [];

    /// <summary>Notes first seen in this page, in the order they were seen, waiting to be inserted.</summary>
    private readonly List<NoteRow> _newNotes = [];

    /// <summary>Reads every note the records touch in one query.</summary>
    private void ReadNotesOf(IReadOnlyList<OperationRecord> records)
    {
        var ids = new HashSet<Guid>();
        foreach (var record in records)
        {
            if (record.Operation is CreateNote or UpdateNote or DeleteNote or SetNoteFiles && !_notes.ContainsKey(record.Operation.ObjectId))
            {
                ids.Add(record.Operation.ObjectId);
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        using (var reader = batch.Reader(SelectNoteRows + " WHERE id IN (SELECT unhex(value) FROM json_each(@ids))", ("@ids", DbValue.HexArray(ids))))
        {
            while (reader.Read())
            {
                var row = ReadNoteRow(reader);
                _notes[row.Id] = row;
            }
        }

        foreach (var id in ids)
        {
            _notes.TryAdd(id, null);
        }
    }

    /// <summary>The note's row as it stands (read from the store if the page did not read it yet), or null.</summary>
    private NoteRow? FindNote(Guid id)
    {
        if (!_notes.TryGetValue(id, out var row))
        {
            using var reader = batch.Reader(SelectNoteRows + " WHERE id = @id", ("@id", DbValue.Id(id)));
            _notes[id] = row = reader.Read() ? ReadNoteRow(reader) : null;
        }

        return row;
    }

    /// <summary>The note's row, made (invisible: no content, not deleted) if the store has none.</summary>
    private NoteRow NoteFor(Guid id)
    {
        if (FindNote(id) is { } row)
        {
            return row;
        }

        row = new NoteRow(id);
        _notes[id] = row;
        _newNotes.Add(row);
        return row;
    }

    private static NoteRow ReadNoteRow(SqliteDataReader reader) => new(reader.GetId(0))
    {
        RowId = reader.GetInt64(1),
        Content = ReadVersion(reader, 2),
        State = ReadVersion(reader, 4),
        IndexedText = reader.IsDBNull(6) ? null : reader.GetString(6),
        HasConflict = reader.GetInt64(7) != 0,
    };

    /// <summary>
    /// Writes a CreateNote/UpdateNote payload: the content register takes it if it is newer, and so does
    /// the state register (an update after a delete restores); then the note's conflict flag is
    /// recomputed unless the new version provably leaves it as it was.
    /// </summary>
    private void ApplyNoteContent(NotePayload note, Version version, bool isCreate)
    {
        var row = NoteFor(note.Id);
        var (previous, hadConflict) = (row.Content, row.HasConflict);
        var contentWins = version.IsNewerThan(row.Content);
        var stateWins = version.IsNewerThan(row.State);
        if (row.RowId is null)
        {
            if (contentWins)
            {
                (row.Payload, row.Content) = (note, version);
            }

            if (stateWins)
            {
                (row.State, row.IsDeleted) = (version, note.IsDeleted);
            }
        }
        else if (contentWins || stateWins)
        {
            UpdateStoredNote(row, note, version, contentWins, stateWins);
        }

        if (!LeavesConflictsUnchanged(previous, hadConflict, version, note.Parents, isCreate))
        {
            RecomputeConflict(row);
        }

        Changes.Notes.Add(note.Id);
    }

    private void UpdateStoredNote(NoteRow row, NotePayload note, Version version, bool contentWins, bool stateWins)
    {
        (string, object?) id = ("@id", DbValue.Id(row.Id)), ts = ("@ts", version.Time), op = ("@op", DbValue.Id(version.OperationId));
        (string, object?) deleted = ("@is_deleted", note.IsDeleted ? 1 : 0);
        if (!contentWins)
        {
            batch.Execute(UpdateNoteStateSql, id, ts, op, deleted);
            row.State = version;
            return;
        }

        (string, object?) space = ("@space_id", DbValue.Id(note.SpaceId)), text = ("@text", note.Text);
        (string, object?) created = ("@created_at", note.CreatedAt.UnixNanoseconds), updated = ("@updated_at", note.UpdatedAt.UnixNanoseconds);
        if (stateWins)
        {
            batch.Execute(UpdateNoteContentAndStateSql, id, space, text, created, updated, ts, op, deleted);
            row.State = version;
        }
        else
        {
            batch.Execute(UpdateNoteContentSql, id, space, text, created, updated, ts, op);
        }

        row.Content = version;
        if (!SearchIndexDeferred)
        {
            IndexNote(row.RowId!.Value, row.IndexedText, note.Text);
        }

        row.IndexedText = note.Text;
    }

    /// <summary>A note's state register takes the delete if it is newer (the note's row is made, invisible, if unknown).</summary>
    private void ApplyNoteDeletion(Guid noteId, Version version)
    {
        Changes.Notes.Add(noteId);
        var row = NoteFor(noteId);
        if (!version.IsNewerThan(row.State))
        {
            return;
        }

        if (row.RowId is { })
        {
            batch.Execute(
                UpdateNoteStateSql,
                ("@id", DbValue.Id(noteId)),
                ("@ts", version.Time),
                ("@op", DbValue.Id(version.OperationId)),
                ("@is_deleted", 1));
        }

        (row.State, row.IsDeleted) = (version, true);
    }

    private void ApplyNoteFiles(SetNoteFiles set, Version version)
    {
        if (NoteFor(set.NoteId).RowId is null)
        {
            FlushNewNotes();
        }

        Version? current = null;
        using (var reader = batch.Reader("SELECT files_ts, files_op FROM notes WHERE id = @id", ("@id", DbValue.Id(set.NoteId))))
        {
            if (reader.Read() && !reader.IsDBNull(0))
            {
                current = new Version(reader.GetInt64(0), reader.GetId(1));
            }
        }

        if (!version.IsNewerThan(current))
        {
            return;
        }

        var noteId = DbValue.Id(set.NoteId);
        batch.Execute("DELETE FROM note_files WHERE note_id = @note_id", ("@note_id", noteId));
        var position = 0;
        foreach (var fileId in set.FileIds.Distinct())
        {
            batch.Execute(
                "INSERT INTO note_files (note_id, position, file_id) VALUES (@note_id, @position, @file_id)",
                ("@note_id", noteId),
                ("@position", position++),
                ("@file_id", DbValue.Id(fileId)));
        }

        batch.Execute(
            "UPDATE notes SET files_ts = @ts, files_op = @op WHERE id = @id",
            ("@ts", version.Time),
            ("@op", DbValue.Id(version.OperationId)),
            ("@id", noteId));
        Changes.Notes.Add(set.NoteId);
    }

    /// <summary>Inserts the notes first seen in this page (in the order seen) and indexes those with text unless indexing is deferred.</summary>
    private void FlushNewNotes()
    {
        if (_newNotes.Count == 0)
        {
            return;
        }

        var rows = _newNotes.ConvertAll(row => new object?[]
        {
            DbValue.Id(row.Id),
            row.Payload is { } payload ? DbValue.Id(payload.SpaceId) : null,
            row.Payload?.Text,
            row.Payload?.CreatedAt.UnixNanoseconds,
            row.Payload?.UpdatedAt.UnixNanoseconds,
            row.Content?.Time,
            row.Content is { } content ? DbValue.Id(content.OperationId) : null,
            row.State?.Time,
            row.State is { } state ? DbValue.Id(state.OperationId) : null,
            row.IsDeleted ? 1 : 0,
            row.HasConflict ? 1 : 0,
        });
        MultiRowInsert.Execute(batch, InsertNotesHead, NoteColumns, rows, "RETURNING id, nid", reader => _notes[reader.GetId(0)]!.RowId = reader.GetInt64(1));
        foreach (var row in _newNotes)
        {
            row.IndexedText = row.Payload?.Text;
            if (!SearchIndexDeferred && row.IndexedText is { } text)
            {
                IndexNote(row.RowId!.Value, oldText: null, text);
            }
        }

        _newNotes.Clear();
    }

    /// <summary>Keeps the trigram index (an external-content FTS5 table over notes.text) in step.</summary>
    private void IndexNote(long rowId, string? oldText, string newText)
    {
        if (oldText == newText)
        {
            return;
        }

        if (oldText is not null)
        {
            batch.Execute("INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', @rowid, @text)", ("@rowid", rowId), ("@text", oldText));
        }

        batch.Execute("INSERT INTO notes_fts (rowid, text) VALUES (@rowid, @text)", ("@rowid", rowId), ("@text", newText));
    }

    /// <summary>
    /// A note as the applier knows it during a page: its registers and conflict flag; for a stored note its
    /// row id and the text the search index holds; for a note waiting to be inserted (no row id yet) the
    /// content payload and deleted flag to insert.
    /// </summary>
    private sealed class NoteRow(Guid id)
    {
        public Guid Id { get; } = id;

        public long? RowId { get; set; }

        public Version? Content { get; set; }

        public Version? State { get; set; }

        public bool HasConflict { get; set; }

        public string? IndexedText { get; set; }

        public NotePayload? Payload { get; set; }

        public bool IsDeleted { get; set; }
    }
}
