using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Storage;

namespace Dataans.Core.Operations;

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
        INSERT INTO operations (id, created_at, kind, object_id, operation, digest, is_local, is_pushed)
        VALUES (@id, @created_at, @kind, @object_id, @operation, @digest, @is_local, @is_pushed)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>What the applied operations touched, for live updates and file sync.</summary>
    public ChangeSet Changes { get; } = new();

    /// <summary>Logs and applies one record; returns false when its id was already known.</summary>
    public bool Apply(OperationRecord record, bool isLocal)
    {
        var operation = record.Operation;
        var inserted = batch.Execute(
            InsertOperationSql,
            ("@id", DbValue.Id(record.Id)),
            ("@created_at", record.CreatedAt.UnixNanoseconds),
            ("@kind", operation.Kind.ToString()),
            ("@object_id", DbValue.Id(operation.ObjectId)),
            ("@operation", OperationJson.Serialize(operation)),
            ("@digest", OperationDigest.Compute(record)),
            ("@is_local", isLocal ? 1 : 0),
            ("@is_pushed", isLocal ? 0 : 1));
        if (inserted == 0)
        {
            return false;
        }

        var version = new Version(record.CreatedAt.UnixNanoseconds, record.Id);
        switch (operation)
        {
            case CreateNote create:
                ApplyNoteContent(create.Note, version, isCreate: true);
                break;
            case UpdateNote update:
                ApplyNoteContent(update.Note, version, isCreate: false);
                break;
            case DeleteNote delete:
                ApplyDeletion(ObjectTable.Notes, delete.NoteId, version);
                Changes.Notes.Add(delete.NoteId);
                break;
            case CreateFile create:
                ApplyFileContent(create.File, version);
                break;
            case DeleteFile delete:
                ApplyDeletion(ObjectTable.Files, delete.FileId, version);
                Changes.Files.Add(delete.FileId);
                break;
            case CreateSpace create:
                ApplySpaceContent(create.Space, version);
                break;
            case UpdateSpace update:
                ApplySpaceContent(update.Space, version);
                break;
            case DeleteSpace delete:
                ApplyDeletion(ObjectTable.Spaces, delete.SpaceId, version);
                Changes.Spaces.Add(delete.SpaceId);
                break;
            case SetNoteFiles set:
                ApplyNoteFiles(set, version);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(record), operation.Kind, "Unknown operation kind.");
        }

        Changes.Applied++;
        return true;
    }

    private void ApplyNoteContent(NotePayload note, Version version, bool isCreate)
    {
        var registers = ReadRegisters(ObjectTable.Notes, note.Id);
        if (version.IsNewerThan(registers.Content))
        {
            batch.Execute(
                """
                UPDATE notes SET space_id = @space_id, text = @text, created_at = @created_at, updated_at = @updated_at,
                    content_ts = @ts, content_op = @op
                WHERE id = @id
                """,
                ("@space_id", DbValue.Id(note.SpaceId)),
                ("@text", note.Text),
                ("@created_at", note.CreatedAt.UnixNanoseconds),
                ("@updated_at", note.UpdatedAt.UnixNanoseconds),
                ("@ts", version.Time),
                ("@op", DbValue.Id(version.OperationId)),
                ("@id", DbValue.Id(note.Id)));
        }

        ApplyState(ObjectTable.Notes, note.Id, version, registers.State, note.IsDeleted);
        if (registers.Content is not null || !isCreate)
        {
            RecomputeConflict(note.Id);
        }

        Changes.Notes.Add(note.Id);
    }

    private void ApplySpaceContent(SpacePayload space, Version version)
    {
        var registers = ReadRegisters(ObjectTable.Spaces, space.Id);
        if (version.IsNewerThan(registers.Content))
        {
            batch.Execute(
                """
                UPDATE spaces SET name = @name, avatar_id = @avatar_id, created_at = @created_at, updated_at = @updated_at,
                    content_ts = @ts, content_op = @op
                WHERE id = @id
                """,
                ("@name", space.Name),
                ("@avatar_id", DbValue.Id(space.AvatarId)),
                ("@created_at", space.CreatedAt.UnixNanoseconds),
                ("@updated_at", space.UpdatedAt.UnixNanoseconds),
                ("@ts", version.Time),
                ("@op", DbValue.Id(version.OperationId)),
                ("@id", DbValue.Id(space.Id)));
        }

        ApplyState(ObjectTable.Spaces, space.Id, version, registers.State, space.IsDeleted);
        Changes.Spaces.Add(space.Id);
    }

    private void ApplyFileContent(FilePayload file, Version version)
    {
        var registers = ReadRegisters(ObjectTable.Files, file.Id);
        if (version.IsNewerThan(registers.Content))
        {
            batch.Execute(
                """
                UPDATE files SET name = @name, path = @path, created_at = @created_at, updated_at = @updated_at,
                    content_ts = @ts, content_op = @op
                WHERE id = @id
                """,
                ("@name", file.Name),
                ("@path", file.Path),
                ("@created_at", file.CreatedAt.UnixNanoseconds),
                ("@updated_at", file.UpdatedAt.UnixNanoseconds),
                ("@ts", version.Time),
                ("@op", DbValue.Id(version.OperationId)),
                ("@id", DbValue.Id(file.Id)));
        }

        ApplyState(ObjectTable.Files, file.Id, version, registers.State, file.IsDeleted);
        Changes.Files.Add(file.Id);
        Changes.CreatedFiles.Add(file.Id);
    }

    private void ApplyDeletion(ObjectTable table, Guid id, Version version)
    {
        var registers = ReadRegisters(table, id);
        ApplyState(table, id, version, registers.State, isDeleted: true);
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
        using (var reader = batch.Reader($"SELECT content_ts, content_op, state_ts, state_op FROM {name} WHERE id = @id", ("@id", idBytes)))
        {
            if (reader.Read())
            {
                var content = reader.IsDBNull(0) ? (Version?)null : new Version(reader.GetInt64(0), reader.GetId(1));
                var state = reader.IsDBNull(2) ? (Version?)null : new Version(reader.GetInt64(2), reader.GetId(3));
                return (content, state);
            }
        }

        batch.Execute($"INSERT INTO {name} (id) VALUES (@id)", ("@id", idBytes));
        return (null, null);
    }

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

/// <summary>The objects touched by a unit of work. Not thread-safe.</summary>
public sealed class ChangeSet
{
    public int Applied { get; set; }

    public HashSet<Guid> Spaces { get; } = [];

    public HashSet<Guid> Notes { get; } = [];

    public HashSet<Guid> Files { get; } = [];

    /// <summary>Files named by an applied <c>CreateFile</c>: candidates for download.</summary>
    public HashSet<Guid> CreatedFiles { get; } = [];

    public bool IsEmpty => Applied == 0;
}
