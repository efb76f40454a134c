using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// Applies operations to the local state inside the caller's transaction. Every object is a pair of
/// last-writer-wins registers ordered by (timestamp, operation id): <em>content</em> (the latest
/// Create/Update payload) and <em>state</em> (alive or deleted; an update after a delete restores).
/// The result depends only on the set of operations applied, never on their order or on duplicates,
/// and no operation can fail because of what the store holds. Records are applied a page at a time:
/// the page's known ids and notes are read in one query each, and its log rows and new notes are
/// written in multi-row statements when the page ends (or earlier, before anything reads them). Not thread-safe.
/// </summary>
internal sealed partial class OperationApplier(SqlBatch batch)
{
    private const string InsertOperationsHead =
        "INSERT INTO operations (id, created_at, kind, object_id, operation, digest, is_local, is_pushed, device_id, checksum_keyed) VALUES";

    private const int OperationColumns = 10;

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

    private readonly List<object?[]> _pendingLog = [];
    private readonly Dictionary<Guid, (OperationDevice Device, Timestamp At)> _pendingDeviceNames = [];
    private readonly Dictionary<Guid, Timestamp> _deviceNamesLearned = [];
    private Guid? _localDevice;

    /// <summary>
    /// Logs and applies one record; returns false when its id was already known. The record's device is
    /// logged with it (this device for a local record that names none) and its name remembered.
    /// </summary>
    public bool Apply(OperationRecord record, bool isLocal) => ApplyPage([record], isLocal) == 1;

    /// <summary>
    /// Logs and applies records in order, skipping ids already known (in the store or earlier in the
    /// page); everything is written when this returns. <paramref name="afterEach"/> runs after each record.
    /// </summary>
    /// <returns>How many records were new and applied.</returns>
    public int ApplyPage(IReadOnlyList<OperationRecord> records, bool isLocal, Action<OperationRecord>? afterEach = null)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        var before = Changes.Applied;
        var known = ReadKnownIds(records);
        ReadNotesOf(records);
        foreach (var record in records)
        {
            if (!known.Contains(record.Id) && Logged.Add(record.Id))
            {
                ApplyNew(record, isLocal);
            }

            afterEach?.Invoke(record);
        }

        FlushLog();
        FlushNewNotes();
        FlushDeviceNames();
        _notes.Clear();
        return Changes.Applied - before;
    }

    private void ApplyNew(OperationRecord record, bool isLocal)
    {
        var operation = record.Operation;
        var deviceId = record.Device?.Id ?? (isLocal ? _localDevice ??= DeviceRows.LocalId(batch) : null);
        _pendingLog.Add(
        [
            DbValue.Id(record.Id),
            record.CreatedAt.UnixNanoseconds,
            operation.Kind.ToString(),
            DbValue.Id(operation.ObjectId),
            OperationJson.Serialize(operation),
            OperationDigest.Compute(record),
            isLocal ? 1 : 0,
            isLocal ? 0 : 1,
            deviceId is { } device ? DbValue.Id(device) : null,
            KeyedChecksums?.Contains(record.Id) == true ? 1 : 0,
        ]);
        LearnDeviceName(record);
        operation.Accept(new Dispatch(this, new Version(record.CreatedAt.UnixNanoseconds, record.Id)));
        Changes.Applied++;
        Changes.HasLocal |= isLocal;
    }

    /// <summary>The ids of <paramref name="records"/> that the log already holds.</summary>
    private HashSet<Guid> ReadKnownIds(IReadOnlyList<OperationRecord> records)
    {
        var known = new HashSet<Guid>();
        using var reader = batch.Reader(
            "SELECT id FROM operations WHERE id IN (SELECT unhex(value) FROM json_each(@ids))",
            ("@ids", DbValue.HexArray(records.Select(record => record.Id))));
        while (reader.Read())
        {
            known.Add(reader.GetId(0));
        }

        return known;
    }

    /// <summary>Writes the queued log rows (before anything reads the log, and at the end of a page).</summary>
    private void FlushLog()
    {
        MultiRowInsert.Execute(batch, InsertOperationsHead, OperationColumns, _pendingLog);
        _pendingLog.Clear();
    }

    private void LearnDeviceName(OperationRecord record)
    {
        if (record.Device is not { } device
            || (_deviceNamesLearned.TryGetValue(device.Id, out var learnedAt) && learnedAt >= record.CreatedAt))
        {
            return;
        }

        _pendingDeviceNames[device.Id] = (device, record.CreatedAt);
        _deviceNamesLearned[device.Id] = record.CreatedAt;
    }

    /// <summary>Keeps each device's newest name seen in the page (one write per device, not per operation).</summary>
    private void FlushDeviceNames()
    {
        foreach (var (device, at) in _pendingDeviceNames.Values)
        {
            DeviceRows.Learn(batch, device, at);
        }

        _pendingDeviceNames.Clear();
    }

    private void ApplySpaceContent(SpacePayload space, Version version)
    {
        ApplyContent(
            "spaces",
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
            "files",
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
    /// Writes a space's or file's Create/Update payload: the content register takes it if it is newer, and
    /// so does the state register (an update after a delete restores). An unknown object is inserted in
    /// one statement. (Notes have their own path: <see cref="ApplyNoteContent"/>.)
    /// </summary>
    private void ApplyContent(string table, Guid id, Version version, bool isDeleted, params (string Column, object Value)[] columns)
    {
        var idBytes = DbValue.Id(id);
        var registers = TryReadRegisters(table, idBytes);
        var parameters = new List<(string, object?)>(columns.Length + 5) { ("@id", idBytes) };
        if (registers is null)
        {
            var names = string.Join(", ", columns.Select(column => column.Column));
            var values = string.Join(", ", columns.Select(column => "@" + column.Column));
            AddVersion(parameters, version, isDeleted);
            parameters.AddRange(columns.Select(column => ("@" + column.Column, (object?)column.Value)));
            batch.Execute(
                $"INSERT INTO {table} (id, {names}, content_ts, content_op, state_ts, state_op, is_deleted) VALUES (@id, {values}, @ts, @op, @ts, @op, @is_deleted)",
                [.. parameters]);
            return;
        }

        var (content, state) = registers.Value;
        var contentWins = version.IsNewerThan(content);
        var stateWins = version.IsNewerThan(state);
        if (!contentWins && !stateWins)
        {
            return;
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
        batch.Execute($"UPDATE {table} SET {string.Join(", ", assignments)} WHERE id = @id", [.. parameters]);
    }

    private static void AddVersion(List<(string, object?)> parameters, Version version, bool isDeleted)
    {
        parameters.Add(("@ts", version.Time));
        parameters.Add(("@op", DbValue.Id(version.OperationId)));
        parameters.Add(("@is_deleted", isDeleted ? 1 : 0));
    }

    /// <summary>Deletes a space or file: its state register takes the delete if it is newer (the row is made, invisible, if unknown).</summary>
    private void ApplyDeletion(string table, Guid id, Version version, HashSet<Guid> changed)
    {
        changed.Add(id);
        var idBytes = DbValue.Id(id);
        if (TryReadRegisters(table, idBytes) is not { } registers)
        {
            batch.Execute($"INSERT INTO {table} (id) VALUES (@id)", ("@id", idBytes));
        }
        else if (!version.IsNewerThan(registers.State))
        {
            return;
        }

        batch.Execute(
            $"UPDATE {table} SET is_deleted = 1, state_ts = @ts, state_op = @op WHERE id = @id",
            ("@ts", version.Time),
            ("@op", DbValue.Id(version.OperationId)),
            ("@id", idBytes));
    }

    private (Version? Content, Version? State)? TryReadRegisters(string table, byte[] id)
    {
        using var reader = batch.Reader($"SELECT content_ts, content_op, state_ts, state_op FROM {table} WHERE id = @id", ("@id", id));
        if (!reader.Read())
        {
            return null;
        }

        return (ReadVersion(reader, 0), ReadVersion(reader, 2));
    }

    private static Version? ReadVersion(Microsoft.Data.Sqlite.SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new Version(reader.GetInt64(ordinal), reader.GetId(ordinal + 1));

    /// <summary>Applies each kind of operation at one version; the answer only says it was handled.</summary>
    private sealed class Dispatch(OperationApplier applier, Version version) : IOperationVisitor<bool>
    {
        public bool Visit(CreateNote operation) => Done(() => applier.ApplyNoteContent(operation.Note, version, isCreate: true));

        public bool Visit(UpdateNote operation) => Done(() => applier.ApplyNoteContent(operation.Note, version, isCreate: false));

        public bool Visit(DeleteNote operation) => Done(() => applier.ApplyNoteDeletion(operation.NoteId, version));

        public bool Visit(CreateFile operation) => Done(() => applier.ApplyFileContent(operation.File, version));

        public bool Visit(DeleteFile operation) => Done(() => applier.ApplyDeletion("files", operation.FileId, version, applier.Changes.Files));

        public bool Visit(CreateSpace operation) => Done(() => applier.ApplySpaceContent(operation.Space, version));

        public bool Visit(UpdateSpace operation) => Done(() => applier.ApplySpaceContent(operation.Space, version));

        public bool Visit(DeleteSpace operation) => Done(() => applier.ApplyDeletion("spaces", operation.SpaceId, version, applier.Changes.Spaces));

        public bool Visit(SetNoteFiles operation) => Done(() => applier.ApplyNoteFiles(operation, version));

        private static bool Done(Action apply)
        {
            apply();
            return true;
        }
    }

    /// <summary>A register's version: the time and id of the operation that wrote it.</summary>
    internal readonly record struct Version(long Time, Guid OperationId)
    {
        public bool IsNewerThan(Version? other) =>
            other is not { } current
            || OperationOrder.Compare(new Timestamp(Time), OperationId, new Timestamp(current.Time), current.OperationId) > 0;
    }
}
