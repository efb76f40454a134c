using Dataans.Contracts;

namespace Dataans.Core.Storage;

/// <summary>
/// What an import of another installation writes beside the operations it applies, inside the same
/// write transaction: the operation JSON kept as that installation wrote it, the row times it showed,
/// and the sizes of the files it brought. Thread-safe (stateless).
/// </summary>
internal static class ImportedRows
{
    /// <summary>Whether the store holds any space with content (live or deleted).</summary>
    public static bool AnySpace(SqlBatch batch) =>
        (long)batch.Scalar("SELECT count(*) FROM spaces WHERE content_ts IS NOT NULL")! != 0;

    /// <summary>Stores <paramref name="json"/> as the logged JSON of operation <paramref name="operationId"/>, byte for byte.</summary>
    public static void KeepOperationJson(SqlBatch batch, Guid operationId, string json) =>
        batch.Execute("UPDATE operations SET operation = @json WHERE id = @id", ("@json", json), ("@id", DbValue.Id(operationId)));

    /// <summary>Records the size of a file whose bytes were just committed.</summary>
    public static void SetFileSize(SqlBatch batch, Guid fileId, long size) =>
        batch.Execute("UPDATE files SET size = @size WHERE id = @id", ("@size", size), ("@id", DbValue.Id(fileId)));

    /// <summary>Restores a space's times, as long as its content is still that of <paramref name="contentOperation"/>.</summary>
    public static void RestoreSpaceTimes(SqlBatch batch, Guid spaceId, Guid contentOperation, Timestamp createdAt, Timestamp updatedAt) =>
        RestoreTimes(batch, "spaces", spaceId, contentOperation, createdAt, updatedAt);

    /// <summary>Restores a note's times, as long as its content is still that of <paramref name="contentOperation"/>.</summary>
    public static void RestoreNoteTimes(SqlBatch batch, Guid noteId, Guid contentOperation, Timestamp createdAt, Timestamp updatedAt) =>
        RestoreTimes(batch, "notes", noteId, contentOperation, createdAt, updatedAt);

    private static void RestoreTimes(SqlBatch batch, string table, Guid id, Guid contentOperation, Timestamp createdAt, Timestamp updatedAt) =>
        batch.Execute(
            $"UPDATE {table} SET created_at = @created, updated_at = @updated WHERE id = @id AND content_op = @op AND (created_at IS NOT @created OR updated_at IS NOT @updated)",
            ("@created", createdAt.UnixNanoseconds),
            ("@updated", updatedAt.UnixNanoseconds),
            ("@id", DbValue.Id(id)),
            ("@op", DbValue.Id(contentOperation)));
}
