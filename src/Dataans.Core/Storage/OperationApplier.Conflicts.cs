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

    /// <summary>
    /// True when a new version provably leaves the note's conflict flag as it was, so the versions need
    /// not be read: the note had no conflict, and either had no version before (this one is its only
    /// one) or this version is the newest and replaces the previous newest (it names it as a parent, or
    /// it is an edit that names none, which replaces the version just before it). Every older version
    /// was already replaced, so nothing is left unreplaced but the new winner (see <see cref="NoteVersionGraph"/>).
    /// </summary>
    private static bool LeavesConflictsUnchanged(Version? previous, bool hadConflict, Version version, IReadOnlyList<Guid>? parents, bool isCreate) =>
        !hadConflict
        && (previous is not { } newest
            || (version.IsNewerThan(newest) && (parents is null ? !isCreate : parents.Contains(newest.OperationId))));

    private void RecomputeConflict(NoteRow row)
    {
        FlushLog();
        var hasConflict = NoteVersionGraph.FindConflicts(ReadVersions(batch, row.Id)).Count > 0;
        if (hasConflict == row.HasConflict)
        {
            return;
        }

        row.HasConflict = hasConflict;
        if (row.RowId is { })
        {
            batch.Execute(
                "UPDATE notes SET has_conflict = @has_conflict WHERE id = @id",
                ("@has_conflict", hasConflict ? 1 : 0),
                ("@id", DbValue.Id(row.Id)));
        }
    }
}
