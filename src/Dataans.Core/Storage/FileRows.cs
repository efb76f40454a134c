using Dataans.Contracts;

namespace Dataans.Core.Storage;

/// <summary>File rows as export and the note writers need them, inside the caller's transaction. Thread-safe (stateless).</summary>
internal static class FileRows
{
    /// <summary>The name and stored path of a file whose content is known, or null.</summary>
    public static (string Name, string Path)? Find(SqlBatch batch, Guid id)
    {
        using var reader = batch.Reader("SELECT name, path FROM files WHERE id = @id AND content_ts IS NOT NULL", ("@id", DbValue.Id(id)));
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>The payload times of every file whose content is known.</summary>
    public static Dictionary<Guid, (Timestamp? Created, Timestamp? Updated)> ReadTimes(SqlBatch batch)
    {
        var times = new Dictionary<Guid, (Timestamp?, Timestamp?)>();
        using var reader = batch.Reader("SELECT id, created_at, updated_at FROM files WHERE content_ts IS NOT NULL");
        while (reader.Read())
        {
            times[reader.GetId(0)] = (
                reader.IsDBNull(1) ? null : new Timestamp(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : new Timestamp(reader.GetInt64(2)));
        }

        return times;
    }

    /// <summary>Records the size of bytes this device holds (a local fact, not part of any operation).</summary>
    public static void SetSize(SqlBatch batch, Guid id, long size) =>
        batch.Execute("UPDATE files SET size = @size WHERE id = @id", ("@size", size), ("@id", DbValue.Id(id)));
}
