using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

internal sealed partial class OperationApplier
{
    /// <summary>Every content version of a note, oldest first.</summary>
    public static List<NoteVersion> ReadVersions(SqlBatch batch, Guid noteId)
    {
        var versions = new List<NoteVersion>();
        using var reader = batch.Reader(
            """
            SELECT id, created_at, operation FROM operations
            WHERE object_id = @id AND kind IN ('CreateNote', 'UpdateNote')
            ORDER BY created_at, id
            """,
            ("@id", DbValue.Id(noteId)));
        while (reader.Read())
        {
            var operation = OperationJson.Deserialize(reader.GetString(2));
            var (note, isCreate) = operation switch
            {
                CreateNote create => (create.Note, true),
                UpdateNote update => (update.Note, false),
                _ => throw new StoreException("The operation log holds a note version of an unexpected kind."),
            };
            versions.Add(new NoteVersion(reader.GetId(0), new Timestamp(reader.GetInt64(1)), isCreate, note.Text, note.SpaceId, note.Parents));
        }

        return versions;
    }

    private void RecomputeConflict(Guid noteId)
    {
        var conflicts = NoteVersionGraph.FindConflicts(ReadVersions(batch, noteId));
        batch.Execute(
            "UPDATE notes SET has_conflict = @has_conflict WHERE id = @id",
            ("@has_conflict", conflicts.Count > 0 ? 1 : 0),
            ("@id", DbValue.Id(noteId)));
    }
}
