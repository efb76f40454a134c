using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Import.Original;

/// <summary>
/// What importing one original installation writes: its operation log as it is (same ids, times,
/// JSON and digests), operations of their own for rows the original never logged (everything written
/// before 0.3, and deletions it only cascaded), the row times to restore, and the files to copy.
/// Built from a snapshot without touching any store. Not thread-safe while building.
/// </summary>
internal sealed partial class OriginalPlan
{
    private readonly OriginalSnapshot _snapshot;
    private readonly OriginalLocation _location;
    private readonly Dictionary<Guid, OriginalFile> _fileRows = [];
    private readonly Dictionary<Guid, Timestamp> _neededBy = [];
    private readonly Dictionary<string, Guid> _storedPaths = new(StringComparer.Ordinal);
    private readonly HashSet<(OperationKind, Guid)> _logged = [];
    private readonly Dictionary<Guid, Timestamp> _createdAt = [];

    private OriginalPlan(OriginalSnapshot snapshot, OriginalLocation location)
    {
        _snapshot = snapshot;
        _location = location;
    }

    /// <summary>The original's operations, then the ones made up here, each once.</summary>
    public List<OperationRecord> Records { get; } = [];

    /// <summary>The original's JSON text per operation id (kept byte for byte in our log).</summary>
    public Dictionary<Guid, string> OriginalJson { get; } = [];

    public int SyntheticCount { get; private set; }

    public List<PlannedFile> Files { get; } = [];

    /// <summary>Row times to restore on spaces and notes whose shown content is the imported one.</summary>
    public List<TimeFix> SpaceTimes { get; } = [];

    public List<TimeFix> NoteTimes { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>Spaces and notes the original shows (not deleted, in a space that is not deleted).</summary>
    public int VisibleSpaces { get; private set; }

    public int VisibleNotes { get; private set; }

    /// <exception cref="ImportException">The database holds something no version of the original writes (a hostile path, a duplicated id).</exception>
    public static OriginalPlan Build(OriginalSnapshot snapshot, OriginalLocation location)
    {
        var plan = new OriginalPlan(snapshot, location);
        plan.TakeOriginalOperations();
        plan.Synthesize();
        plan.PlanFiles();
        plan.PlanTimes();
        return plan;
    }

    private void TakeOriginalOperations()
    {
        foreach (var operation in _snapshot.Operations)
        {
            if (operation.Record.Operation is CreateFile { File.Path: var path } && !OriginalFormats.IsOperationPath(path))
            {
                throw new ImportException($"The original database's operation '{operation.Record.Id}' names a file path that leaves its files folder, which no version of the original writes.");
            }

            Add(operation.Record);
            OriginalJson[operation.Record.Id] = operation.Json;
            if (operation.Record.Operation is CreateFile { File: var logged })
            {
                _storedPaths.TryAdd(logged.Path, logged.Id);
            }

            switch (operation.Record.Operation)
            {
                case CreateSpace { Space.AvatarId: var avatar }:
                    Need(avatar, operation.Record.CreatedAt);
                    break;
                case UpdateSpace { Space.AvatarId: var avatar }:
                    Need(avatar, operation.Record.CreatedAt);
                    break;
                case SetNoteFiles set:
                    foreach (var file in set.FileIds)
                    {
                        Need(file, operation.Record.CreatedAt);
                    }

                    break;
            }
        }

        foreach (var file in _snapshot.Files)
        {
            if (!_fileRows.TryAdd(file.Id, file))
            {
                throw new ImportException($"The original database lists file '{file.Id}' twice.");
            }
        }
    }

    private void Need(Guid fileId, Timestamp time)
    {
        if (!_neededBy.TryGetValue(fileId, out var known) || time < known)
        {
            _neededBy[fileId] = time;
        }
    }

    private bool Logs(OperationKind kind, Guid objectId) => _logged.Contains((kind, objectId));

    private void Add(OperationRecord record)
    {
        Records.Add(record);
        var operation = record.Operation;
        _logged.Add((operation.Kind, operation.ObjectId));
        if (operation is CreateSpace or CreateNote or CreateFile
            && (!_createdAt.TryGetValue(operation.ObjectId, out var known) || record.CreatedAt < known))
        {
            _createdAt[operation.ObjectId] = record.CreatedAt;
        }
    }

    private void Synthesize(Operation operation, Timestamp time)
    {
        Add(new OperationRecord(OriginalFormats.SyntheticId(operation, time), time, operation));
        SyntheticCount++;
    }

    /// <summary>The earliest Create of an object, or the minimum time when there is none.</summary>
    private Timestamp CreatedTime(Guid objectId) => _createdAt.GetValueOrDefault(objectId, Timestamp.MinValue);

    private static Timestamp Later(Timestamp time, Timestamp notBefore) => time > notBefore ? time : notBefore;
}

/// <param name="StoredPath">The plain name in our files folder.</param>
/// <param name="Source">Where the original keeps the bytes.</param>
/// <param name="IsDeleted">Deleted in the original (whose "remove from draft" also deletes the bytes): no warning when they are gone.</param>
internal sealed record PlannedFile(Guid Id, string Name, string StoredPath, string Source, bool IsDeleted);

/// <summary>Restore these row times if the object's shown content is still written by <paramref name="OperationId"/>.</summary>
internal sealed record TimeFix(Guid ObjectId, Guid OperationId, Timestamp CreatedAt, Timestamp UpdatedAt);
