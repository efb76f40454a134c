namespace Dataans.Core.Storage;

/// <summary>
/// What an import compares with, inside its write transaction: the local row of each object whose
/// content is known (one text column, <c>updated_at</c>, <c>is_deleted</c>) and a note's attachments.
/// Thread-safe (stateless).
/// </summary>
internal static class ImportRows
{
    /// <summary>A known file's stored path, updated_at and is_deleted, or null.</summary>
    public static LocalRow? ReadFile(SqlBatch batch, Guid id) =>
        Read(batch, "SELECT path, updated_at, is_deleted FROM files WHERE id = @id AND content_ts IS NOT NULL", id);

    /// <summary>A known space's name, updated_at and is_deleted, or null.</summary>
    public static LocalRow? ReadSpace(SqlBatch batch, Guid id) =>
        Read(batch, "SELECT name, updated_at, is_deleted FROM spaces WHERE id = @id AND content_ts IS NOT NULL", id);

    /// <summary>A known note's current version (as hex of its operation id), updated_at and is_deleted, or null.</summary>
    public static LocalRow? ReadNote(SqlBatch batch, Guid id) =>
        Read(batch, "SELECT hex(content_op), updated_at, is_deleted FROM notes WHERE id = @id AND content_ts IS NOT NULL", id);

    /// <summary>A note's attached file ids in their order.</summary>
    public static List<Guid> ReadNoteFiles(SqlBatch batch, Guid noteId)
    {
        var ids = new List<Guid>();
        using var reader = batch.Reader("SELECT file_id FROM note_files WHERE note_id = @id ORDER BY position", ("@id", DbValue.Id(noteId)));
        while (reader.Read())
        {
            ids.Add(reader.GetId(0));
        }

        return ids;
    }

    private static LocalRow? Read(SqlBatch batch, string sql, Guid id)
    {
        using var reader = batch.Reader(sql, ("@id", DbValue.Id(id)));
        return reader.Read()
            ? new LocalRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? long.MinValue : reader.GetInt64(1), reader.GetInt64(2) != 0)
            : null;
    }

    /// <summary>One text column, updated_at (unix nanoseconds) and is_deleted of a local row.</summary>
    internal readonly record struct LocalRow(string? Text, long UpdatedAt, bool IsDeleted);
}
