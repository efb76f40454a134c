namespace Dataans.Core.Operations;

/// <summary>The objects touched by a unit of work. Not thread-safe.</summary>
public sealed class ChangeSet
{
    /// <summary>How many operations were applied (known ones are not counted).</summary>
    public int Applied { get; set; }

    /// <summary>Spaces whose content or state changed.</summary>
    public HashSet<Guid> Spaces { get; } = [];

    /// <summary>Notes whose content, state or attachments changed.</summary>
    public HashSet<Guid> Notes { get; } = [];

    /// <summary>Files whose content or state changed.</summary>
    public HashSet<Guid> Files { get; } = [];

    /// <summary>Files named by an applied <c>CreateFile</c>: candidates for download.</summary>
    public HashSet<Guid> CreatedFiles { get; } = [];

    /// <summary>True when a change was made on this device (not pulled from elsewhere).</summary>
    public bool HasLocal { get; set; }

    /// <summary>True when nothing was applied.</summary>
    public bool IsEmpty => Applied == 0;
}
