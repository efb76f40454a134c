namespace Dataans.Core.Operations;

/// <summary>The objects touched by a unit of work. Not thread-safe.</summary>
public sealed class ChangeSet
{
    public int Applied { get; set; }

    public HashSet<Guid> Spaces { get; } = [];

    public HashSet<Guid> Notes { get; } = [];

    public HashSet<Guid> Files { get; } = [];

    /// <summary>Files named by an applied <c>CreateFile</c>: candidates for download.</summary>
    public HashSet<Guid> CreatedFiles { get; } = [];

    /// <summary>True when a change was made on this device (not pulled from elsewhere).</summary>
    public bool HasLocal { get; set; }

    public bool IsEmpty => Applied == 0;
}
