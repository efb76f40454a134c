using Dataans.Contracts;
using Dataans.Core.Storage;

namespace Dataans.Core.Export;

/// <summary>
/// Reads the whole visible state as an <see cref="ExportDocument"/> in a deterministic order
/// (spaces and notes by creation time, then id). Sizes are left out: they are local facts, filled in
/// by exporters that copy the bytes. Two stores that applied the same operations give
/// byte-identical JSON. Thread-safe.
/// </summary>
public static class StateReader
{
    public static Task<ExportDocument> ReadAsync(DataansStore store, CancellationToken cancellationToken = default) =>
        store.ReadAsync(batch => Read(store, batch), cancellationToken);

    /// <summary>Reads the state inside the caller's read transaction (exporters add to the same snapshot).</summary>
    internal static ExportDocument Read(DataansStore store, SqlBatch batch)
    {
        var spaces = new List<(Guid Id, string Name, long Created, long Updated, Guid AvatarId)>();
        using (var reader = batch.Reader(
            $"SELECT s.id, s.name, s.created_at, s.updated_at, s.avatar_id FROM spaces s WHERE {DataansStore.VisibleSpace} ORDER BY s.created_at, s.id"))
        {
            while (reader.Read())
            {
                spaces.Add((reader.GetId(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetId(4)));
            }
        }

        var result = new List<ExportSpace>(spaces.Count);
        foreach (var space in spaces)
        {
            using var reader = batch.Reader(
                $"""
                SELECT {DataansStore.NoteColumns} FROM notes n WHERE n.space_id = @space_id AND {DataansStore.VisibleNote}
                ORDER BY n.created_at, n.id
                """,
                ("@space_id", DbValue.Id(space.Id)));
            var notes = store.ReadNotes(batch, reader).ConvertAll(note => new ExportNote(
                note.Id,
                note.Text,
                note.CreatedAt.ToString(),
                note.UpdatedAt.ToString(),
                note.HasConflict,
                note.Files.Select(file => new ExportFile(file.Id, file.Name, file.Path, Size: null)).ToList()));
            result.Add(new ExportSpace(
                space.Id,
                space.Name,
                new Timestamp(space.Created).ToString(),
                new Timestamp(space.Updated).ToString(),
                ReadFile(batch, space.AvatarId),
                notes));
        }

        return new ExportDocument(ExportDocument.FormatName, ExportDocument.CurrentVersion, result);
    }

    private static ExportFile? ReadFile(SqlBatch batch, Guid id)
    {
        using var reader = batch.Reader("SELECT name, path FROM files WHERE id = @id AND content_ts IS NOT NULL", ("@id", DbValue.Id(id)));
        return reader.Read()
            ? new ExportFile(id, reader.GetString(0), reader.GetString(1), Size: null)
            : null;
    }
}
