using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

internal sealed partial class OperationApplier
{
    /// <summary>
    /// Every content version of a note, oldest first, each with the device that wrote it when known and
    /// marked with whether this device logged it (see <see cref="NoteVersion.WrittenHere"/>).
    /// </summary>
    public static List<NoteVersion> ReadVersions(SqlBatch batch, Guid noteId)
    {
        var versions = new List<NoteVersion>();
        using var reader = batch.Reader(
            """
            SELECT o.id, o.created_at, o.operation, o.is_local, o.device_id, d.name
            FROM operations o LEFT JOIN devices d ON d.id = o.device_id
            WHERE o.object_id = @id AND o.kind IN ('CreateNote', 'UpdateNote')
            ORDER BY o.created_at, o.id
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
            versions.Add(new NoteVersion(reader.GetId(0), new Timestamp(reader.GetInt64(1)), isCreate, note.Text, note.SpaceId, note.Parents)
            {
                WrittenHere = reader.GetInt64(3) == 1,
                DeviceId = reader.GetNullableGuid(4),
                DeviceName = reader.IsDBNull(5) ? null : reader.GetString(5),
            });
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
