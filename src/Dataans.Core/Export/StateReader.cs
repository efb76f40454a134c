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
    /// <summary>Reads the visible state in one read transaction.</summary>
    public static Task<ExportDocument> ReadAsync(DataansStore store, CancellationToken cancellationToken = default) =>
        store.Transactions.ReadAsync(batch => Read(store, batch), cancellationToken);

    /// <summary>Reads the state inside the caller's read transaction (exporters add to the same snapshot).</summary>
    internal static ExportDocument Read(DataansStore store, SqlBatch batch)
    {
        var spaces = NoteReader.ListSpaces(batch);
        var result = new List<ExportSpace>(spaces.Count);
        foreach (var space in spaces)
        {
            var notes = store.Reader.ListAllNotes(batch, space.Id).ConvertAll(note => new ExportNote(
                note.Id,
                note.Text,
                note.CreatedAt.ToString(),
                note.UpdatedAt.ToString(),
                note.HasConflict,
                note.Files.Select(file => new ExportFile(file.Id, file.Name, file.Path, Size: null)).ToList()));
            result.Add(new ExportSpace(
                space.Id,
                space.Name,
                space.CreatedAt.ToString(),
                space.UpdatedAt.ToString(),
                FileRows.Find(batch, space.AvatarId) is { } avatar ? new ExportFile(space.AvatarId, avatar.Name, avatar.Path, Size: null) : null,
                notes));
        }

        return new ExportDocument(ExportDocument.FormatName, ExportDocument.CurrentVersion, result);
    }
}
