using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Operations;

/// <summary>
/// Finds the concurrent (conflicting) versions of a note. Each edit names the versions it replaces
/// (<see cref="NotePayload.Parents"/>); an edit that names none (the original app's) replaces the
/// version just before it. A version nobody replaced, other than the winner, lost a concurrent edit:
/// it is a conflict. The answer depends only on the set of versions. Thread-safe (pure).
/// </summary>
internal static class NoteVersionGraph
{
    /// <param name="versions">Every content version of one note, sorted by (time, id).</param>
    /// <returns>The ids of the conflicting versions (never the winner).</returns>
    public static HashSet<Guid> FindConflicts(IReadOnlyList<NoteVersion> versions)
    {
        var replaced = new HashSet<Guid>();
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            if (version.Parents is { } parents)
            {
                replaced.UnionWith(parents);
            }
            else if (!version.IsCreate && i > 0)
            {
                replaced.Add(versions[i - 1].OperationId);
            }
        }

        var conflicts = new HashSet<Guid>();
        for (var i = 0; i < versions.Count - 1; i++)
        {
            if (!replaced.Contains(versions[i].OperationId))
            {
                conflicts.Add(versions[i].OperationId);
            }
        }

        return conflicts;
    }
}

/// <summary>One version of a note: what a CreateNote or UpdateNote operation wrote.</summary>
public sealed record NoteVersion(
    Guid OperationId,
    Timestamp Time,
    bool IsCreate,
    string Text,
    Guid SpaceId,
    IReadOnlyList<Guid>? Parents)
{
    /// <summary>True when this version lost a concurrent edit (set by history queries).</summary>
    public bool IsConflict { get; init; }

    /// <summary>True for the version the note currently shows.</summary>
    public bool IsCurrent { get; init; }

    /// <summary>
    /// True when this device wrote the version (typed, restored or imported here); false when it came from
    /// another device by sync.
    /// </summary>
    public bool WrittenHere { get; init; }

    /// <summary>The id of the device that wrote the version; null when its operation does not say (the original's, or older ones).</summary>
    public Guid? DeviceId { get; init; }

    /// <summary>The name the writing device is known by (its newest name); null when unknown.</summary>
    public string? DeviceName { get; init; }

    /// <summary>
    /// Who wrote the version, for people: the device's name (with "this device" for this one), or
    /// "this device" / "another device" when the operation names no device.
    /// </summary>
    public string DeviceLabel => (DeviceName, WrittenHere) switch
    {
        ({ } name, true) => $"{name} (this device)",
        ({ } name, false) => name,
        (null, true) => "this device",
        (null, false) => "another device",
    };
}
