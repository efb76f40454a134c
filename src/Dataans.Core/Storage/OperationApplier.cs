using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// Applies operations to the local state inside the caller's transaction. Every object is a pair of
/// last-writer-wins registers ordered by (timestamp, operation id): <em>content</em> (the latest
/// Create/Update payload) and <em>state</em> (alive or deleted; an update after a delete restores).
/// The result depends only on the set of operations applied, never on their order or on duplicates,
/// and no operation can fail because of what the store holds. Not thread-safe.
/// </summary>
internal sealed partial class OperationApplier(SqlBatch batch)
{
    private const string InsertOperationSql = """
        INSERT INTO operations (id, created_at, kind, object_id, operation, digest, is_local, is_pushed, device_id, checksum_keyed)
        VALUES (@id, @created_at, @kind, @object_id, @operation, @digest, @is_local, @is_pushed, @device_id, @checksum_keyed)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>True while the search index waits for one rebuild (<see cref="SearchIndexDeferral"/>): notes are not indexed one by one.</summary>
    public bool SearchIndexDeferred { get; set; }

    /// <summary>
    /// For pulled records: the ids whose checksum the server holds in the keyed form, logged with that form at
    /// once (the others, and local records, with the seed digest form until a push says otherwise).
    /// </summary>
    public IReadOnlySet<Guid>? KeyedChecksums { get; set; }

    /// <summary>The ids this applier logged (new to the store), in this transaction.</summary>
    public HashSet<Guid> Logged { get; } = [];

    /// <summary>What the applied operations touched, for live updates and file sync.</summary>
    public ChangeSet Changes { get; } = new();

    /// <summary>Records the search index rows this applier re-indexes, for the cached statistics (null when none are cached).</summary>
    public Ranking.IndexChanges? IndexChanges { get; init; }

    private readonly Dictionary<Guid, Timestamp> _deviceNamesLearned = [];
    private Guid? _localDevice;

    /// <summary>
    /// Logs and applies one record; returns false when its id was already known. The record's device is
    /// logged with it (this device for a local record that names none) and its name remembered.
    /// </summary>
    public bool Apply(OperationRecord record, bool isLocal)
    {
        var operation = record.Operation;
        var deviceId = record.Device?.Id ?? (isLocal ? _localDevice ??= DeviceRows.LocalId(batch) : null);
        var inserted = batch.Execute(
            InsertOperationSql,
            ("@id", DbValue.Id(record.Id)),
            ("@created_at", record.CreatedAt.UnixNanoseconds),
            ("@kind", operation.Kind.ToString()),
            ("@object_id", DbValue.Id(operation.ObjectId)),
            ("@operation", OperationJson.Serialize(operation)),
            ("@digest", OperationDigest.Compute(record)),
            ("@is_local", isLocal ? 1 : 0),
            ("@is_pushed", isLocal ? 0 : 1),
            ("@device_id", deviceId is { } device ? DbValue.Id(device) : null),
            ("@checksum_keyed", KeyedChecksums?.Contains(record.Id) == true ? 1 : 0));
        if (inserted == 0)
        {
            return false;
        }

        Logged.Add(record.Id);
        LearnDeviceName(record);

        operation.Accept(new Dispatch(this, new Version(record.CreatedAt.UnixNanoseconds, record.Id)));
        Changes.Applied++;
        Changes.HasLocal |= isLocal;
        return true;
    }

    private void LearnDeviceName(OperationRecord record)
    {
        if (record.Device is not { } device
            || (_deviceNamesLearned.TryGetValue(device.Id, out var learnedAt) && learnedAt >= record.CreatedAt))
        {
            return;
        }

        DeviceRows.Learn(batch, device, record.CreatedAt);
        _deviceNamesLearned[device.Id] = record.CreatedAt;
    }

    private void ApplyNoteContent(NotePayload note, Version version, bool isCreate)
    {
        var hadContent = ApplyContent(
            ObjectTable.Notes,
            note.Id,
            version,
            note.IsDeleted,
            ("space_id", DbValue.Id(note.SpaceId)),
            ("text", note.Text),
            ("created_at", note.CreatedAt.UnixNanoseconds),
            ("updated_at", note.UpdatedAt.UnixNanoseconds));
        if (hadContent || !isCreate)
        {
            RecomputeConflict(note.Id);
        }

        Changes.Notes.Add(note.Id);
    }

    private void ApplySpaceContent(SpacePayload space, Version version)
    {
        ApplyContent(
            ObjectTable.Spaces,
            space.Id,
            version,
            space.IsDeleted,
            ("name", space.Name),
            ("avatar_id", DbValue.Id(space.AvatarId)),
            ("created_at", space.CreatedAt.UnixNanoseconds),
            ("updated_at", space.UpdatedAt.UnixNanoseconds));
        Changes.Spaces.Add(space.Id);
    }

    private void ApplyFileContent(FilePayload file, Version version)
    {
        ApplyContent(
            ObjectTable.Files,
            file.Id,
            version,
            file.IsDeleted,
            ("name", file.Name),
            ("path", file.Path),
            ("created_at", file.CreatedAt.UnixNanoseconds),
            ("updated_at", file.UpdatedAt.UnixNanoseconds));
        Changes.Files.Add(file.Id);
        Changes.CreatedFiles.Add(file.Id);
    }

    /// <summary>
    /// Writes a Create/Update payload: the content register takes it if it is newer, and so does the
    /// state register (an update after a delete restores). An unknown object is inserted in one
    /// statement. Returns whether the object already had content.
    /// </summary>
    private bool ApplyContent(ObjectTable table, Guid id, Version version, bool isDeleted, params (string Column, object Value)[] columns)
    {
        var name = TableName(table);
        var idBytes = DbValue.Id(id);
        var registers = TryReadRegisters(name, idBytes);
        var parameters = new List<(string, object?)>(columns.Length + 5) { ("@id", idBytes) };
        string sql;
        if (registers is null)
        {
            var names = string.Join(", ", columns.Select(column => column.Column));
            var values = string.Join(", ", columns.Select(column => "@" + column.Column));
            sql = $"INSERT INTO {name} (id, {names}, content_ts, content_op, state_ts, state_op, is_deleted) VALUES (@id, {values}, @ts, @op, @ts, @op, @is_deleted)";
            AddVersion(parameters, version, isDeleted);
            parameters.AddRange(columns.Select(column => ("@" + column.Column, (object?)column.Value)));
            batch.Execute(sql, [.. parameters]);
            if (table == ObjectTable.Notes && !SearchIndexDeferred)
            {
                IndexNote((long)batch.Scalar("SELECT last_insert_rowid()")!, oldText: null, NewText(columns));
            }

            return false;
        }

        var (content, state, rowId, oldText) = registers.Value;
        var contentWins = version.IsNewerThan(content);
        var stateWins = version.IsNewerThan(state);
        if (!contentWins && !stateWins)
        {
            return content is not null;
        }

        var assignments = new List<string>();
        if (contentWins)
        {
            assignments.AddRange(columns.Select(column => $"{column.Column} = @{column.Column}"));
            assignments.Add("content_ts = @ts, content_op = @op");
            parameters.AddRange(columns.Select(column => ("@" + column.Column, (object?)column.Value)));
        }

        if (stateWins)
        {
            assignments.Add("state_ts = @ts, state_op = @op, is_deleted = @is_deleted");
        }

        AddVersion(parameters, version, isDeleted);
        batch.Execute($"UPDATE {name} SET {string.Join(", ", assignments)} WHERE id = @id", [.. parameters]);
        if (contentWins && table == ObjectTable.Notes && !SearchIndexDeferred)
        {
            IndexNote(rowId, oldText, NewText(columns));
        }

        return content is not null;
    }

    private static string NewText((string Column, object Value)[] columns) =>
        (string)columns.First(column => column.Column == "text").Value;

    /// <summary>Keeps the trigram index (an external-content FTS5 table over notes.text) in step.</summary>
    private void IndexNote(long rowId, string? oldText, string newText)
    {
        if (oldText == newText)
        {
            return;
        }

        IndexChanges?.Reindexing(batch, rowId, indexed: oldText is not null);
        if (oldText is not null)
        {
            batch.Execute("INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', @rowid, @text)", ("@rowid", rowId), ("@text", oldText));
        }

        batch.Execute("INSERT INTO notes_fts (rowid, text) VALUES (@rowid, @text)", ("@rowid", rowId), ("@text", newText));
    }

    private static void AddVersion(List<(string, object?)> parameters, Version version, bool isDeleted)
    {
        parameters.Add(("@ts", version.Time));
        parameters.Add(("@op", DbValue.Id(version.OperationId)));
        parameters.Add(("@is_deleted", isDeleted ? 1 : 0));
    }

    private void ApplyDeletion(ObjectTable table, Guid id, Version version, HashSet<Guid> changed)
    {
        var registers = ReadRegisters(table, id);
        ApplyState(table, id, version, registers.State, isDeleted: true);
        changed.Add(id);
    }

    private void ApplyState(ObjectTable table, Guid id, Version version, Version? current, bool isDeleted)
    {
        if (!version.IsNewerThan(current))
        {
            return;
        }

        batch.Execute(
            $"UPDATE {TableName(table)} SET is_deleted = @is_deleted, state_ts = @ts, state_op = @op WHERE id = @id",
            ("@is_deleted", isDeleted ? 1 : 0),
            ("@ts", version.Time),
            ("@op", DbValue.Id(version.OperationId)),
            ("@id", DbValue.Id(id)));
    }

    private void ApplyNoteFiles(SetNoteFiles set, Version version)
    {
        ReadRegisters(ObjectTable.Notes, set.NoteId);
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

    /// <summary>Reads both registers of an object, creating its (invisible) row if it is unknown.</summary>
    private (Version? Content, Version? State) ReadRegisters(ObjectTable table, Guid id)
    {
        var name = TableName(table);
        var idBytes = DbValue.Id(id);
        if (TryReadRegisters(name, idBytes) is { } registers)
        {
            return (registers.Content, registers.State);
        }

        batch.Execute($"INSERT INTO {name} (id) VALUES (@id)", ("@id", idBytes));
        return (null, null);
    }

    private Registers? TryReadRegisters(string table, byte[] id)
    {
        var extra = table == "notes" ? ", nid, text" : string.Empty;
        using var reader = batch.Reader($"SELECT content_ts, content_op, state_ts, state_op{extra} FROM {table} WHERE id = @id", ("@id", id));
        if (!reader.Read())
        {
            return null;
        }

        var content = reader.IsDBNull(0) ? (Version?)null : new Version(reader.GetInt64(0), reader.GetId(1));
        var state = reader.IsDBNull(2) ? (Version?)null : new Version(reader.GetInt64(2), reader.GetId(3));
        return extra.Length == 0
            ? new Registers(content, state, 0, null)
            : new Registers(content, state, reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    /// <summary>Applies each kind of operation at one version; the answer only says it was handled.</summary>
    private sealed class Dispatch(OperationApplier applier, Version version) : IOperationVisitor<bool>
    {
        public bool Visit(CreateNote operation) => Done(() => applier.ApplyNoteContent(operation.Note, version, isCreate: true));

        public bool Visit(UpdateNote operation) => Done(() => applier.ApplyNoteContent(operation.Note, version, isCreate: false));

        public bool Visit(DeleteNote operation) => Done(() => applier.ApplyDeletion(ObjectTable.Notes, operation.NoteId, version, applier.Changes.Notes));

        public bool Visit(CreateFile operation) => Done(() => applier.ApplyFileContent(operation.File, version));

        public bool Visit(DeleteFile operation) => Done(() => applier.ApplyDeletion(ObjectTable.Files, operation.FileId, version, applier.Changes.Files));

        public bool Visit(CreateSpace operation) => Done(() => applier.ApplySpaceContent(operation.Space, version));

        public bool Visit(UpdateSpace operation) => Done(() => applier.ApplySpaceContent(operation.Space, version));

        public bool Visit(DeleteSpace operation) => Done(() => applier.ApplyDeletion(ObjectTable.Spaces, operation.SpaceId, version, applier.Changes.Spaces));

        public bool Visit(SetNoteFiles operation) => Done(() => applier.ApplyNoteFiles(operation, version));

        private static bool Done(Action apply)
        {
            apply();
            return true;
        }
    }

    /// <summary>An object's two registers; for notes also the row id and text the search index holds.</summary>
    private readonly record struct Registers(Version? Content, Version? State, long RowId, string? Text);

    private static string TableName(ObjectTable table) => table switch
    {
        ObjectTable.Spaces => "spaces",
        ObjectTable.Notes => "notes",
        ObjectTable.Files => "files",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    private enum ObjectTable
    {
        Spaces,
        Notes,
        Files,
    }

    /// <summary>A register's version: the time and id of the operation that wrote it.</summary>
    internal readonly record struct Version(long Time, Guid OperationId)
    {
        public bool IsNewerThan(Version? other) =>
            other is not { } current
            || OperationOrder.Compare(new Timestamp(Time), OperationId, new Timestamp(current.Time), current.OperationId) > 0;
    }
}
