using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Import.Original;

/// <summary>Everything read from an original database, validated. Immutable after reading.</summary>
internal sealed class OriginalSnapshot
{
    public List<OriginalSpace> Spaces { get; } = [];

    public List<OriginalNote> Notes { get; } = [];

    public List<OriginalFile> Files { get; } = [];

    /// <summary>Note ↔ file links in the order of their rows.</summary>
    public List<(Guid NoteId, Guid FileId)> Links { get; } = [];

    /// <summary>The operation log in row order (empty for versions before 0.3, which had none).</summary>
    public List<OriginalOperation> Operations { get; } = [];
}

internal sealed record OriginalSpace(Guid Id, string Name, Guid? AvatarId, Timestamp CreatedAt, Timestamp UpdatedAt, bool IsDeleted);

internal sealed record OriginalNote(Guid Id, string Text, Timestamp CreatedAt, Timestamp UpdatedAt, Guid SpaceId, bool IsDeleted);

/// <param name="Path">As stored: a file name in <c>files/</c> (0.3), an absolute path (before 0.3) or the default avatar's pseudo path.</param>
internal sealed record OriginalFile(Guid Id, string Name, string Path, Timestamp CreatedAt, Timestamp UpdatedAt, bool IsDeleted);

/// <param name="Json">The <c>operation</c> column exactly as the original wrote it.</param>
internal sealed record OriginalOperation(OperationRecord Record, string Json);
