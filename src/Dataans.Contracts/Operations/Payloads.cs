namespace Dataans.Contracts.Operations;

/// <summary>A note as carried by <c>CreateNote</c>/<c>UpdateNote</c>.</summary>
/// <param name="Parents">
/// Additive field (not in the original format, not hashed): the ids of the note versions this one
/// replaces. <c>null</c> when the writer did not say (the original app never does).
/// </param>
public sealed record NotePayload(
    Guid Id,
    string Text,
    Timestamp CreatedAt,
    Timestamp UpdatedAt,
    Guid SpaceId,
    bool IsDeleted,
    IReadOnlyList<Guid>? Parents = null)
{
    /// <inheritdoc/>
    public bool Equals(NotePayload? other) =>
        other is not null && Id == other.Id && Text == other.Text && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt && SpaceId == other.SpaceId && IsDeleted == other.IsDeleted
        && (Parents is null ? other.Parents is null : other.Parents is not null && Parents.SequenceEqual(other.Parents));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Text, CreatedAt, UpdatedAt, SpaceId, IsDeleted);
}

/// <summary>A space as carried by <c>CreateSpace</c>/<c>UpdateSpace</c>.</summary>
public sealed record SpacePayload(
    Guid Id,
    string Name,
    Guid AvatarId,
    Timestamp CreatedAt,
    Timestamp UpdatedAt,
    bool IsDeleted);

/// <summary>A file as carried by <c>CreateFile</c>; <see cref="Path"/> is relative to the files folder.</summary>
public sealed record FilePayload(
    Guid Id,
    string Name,
    string Path,
    Timestamp CreatedAt,
    Timestamp UpdatedAt,
    bool IsDeleted);
