namespace Dataans.Contracts.Operations;

/// <summary>
/// One of the nine mutations of the seed's operation log. Immutable and thread-safe.
/// </summary>
public abstract record Operation
{
    private protected Operation()
    {
    }

    /// <summary>The JSON tag and digest name, e.g. <c>CreateNote</c>.</summary>
    public abstract OperationKind Kind { get; }

    /// <summary>The id of the object whose state this operation changes.</summary>
    public abstract Guid ObjectId { get; }

    /// <summary>Calls the <paramref name="visitor"/>'s method for this kind.</summary>
    public abstract T Accept<T>(IOperationVisitor<T> visitor);
}

/// <summary>The nine kinds of operation, named as the JSON tags and the digest write them.</summary>
public enum OperationKind
{
    /// <summary>The <c>CreateNote</c> operation (see the record of that name).</summary>
    CreateNote,
    /// <summary>The <c>UpdateNote</c> operation (see the record of that name).</summary>
    UpdateNote,
    /// <summary>The <c>DeleteNote</c> operation (see the record of that name).</summary>
    DeleteNote,
    /// <summary>The <c>CreateFile</c> operation (see the record of that name).</summary>
    CreateFile,
    /// <summary>The <c>DeleteFile</c> operation (see the record of that name).</summary>
    DeleteFile,
    /// <summary>The <c>CreateSpace</c> operation (see the record of that name).</summary>
    CreateSpace,
    /// <summary>The <c>UpdateSpace</c> operation (see the record of that name).</summary>
    UpdateSpace,
    /// <summary>The <c>DeleteSpace</c> operation (see the record of that name).</summary>
    DeleteSpace,
    /// <summary>The <c>SetNoteFiles</c> operation (see the record of that name).</summary>
    SetNoteFiles,
}

/// <summary>Writes a new note.</summary>
/// <param name="Note">The note as written.</param>
public sealed record CreateNote(NotePayload Note) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.CreateNote;
    /// <inheritdoc/>
    public override Guid ObjectId => Note.Id;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Replaces a note's text (and restores a deleted note).</summary>
/// <param name="Note">The note as written.</param>
public sealed record UpdateNote(NotePayload Note) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.UpdateNote;
    /// <inheritdoc/>
    public override Guid ObjectId => Note.Id;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Deletes a note.</summary>
/// <param name="NoteId">The note.</param>
public sealed record DeleteNote(Guid NoteId) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.DeleteNote;
    /// <inheritdoc/>
    public override Guid ObjectId => NoteId;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Records a file (its bytes travel separately).</summary>
/// <param name="File">The file.</param>
public sealed record CreateFile(FilePayload File) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.CreateFile;
    /// <inheritdoc/>
    public override Guid ObjectId => File.Id;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Deletes a file.</summary>
/// <param name="FileId">The file.</param>
public sealed record DeleteFile(Guid FileId) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.DeleteFile;
    /// <inheritdoc/>
    public override Guid ObjectId => FileId;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Creates a space.</summary>
/// <param name="Space">The space as written.</param>
public sealed record CreateSpace(SpacePayload Space) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.CreateSpace;
    /// <inheritdoc/>
    public override Guid ObjectId => Space.Id;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Renames a space or changes its avatar (and restores a deleted space).</summary>
/// <param name="Space">The space as written.</param>
public sealed record UpdateSpace(SpacePayload Space) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.UpdateSpace;
    /// <inheritdoc/>
    public override Guid ObjectId => Space.Id;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Deletes a space.</summary>
/// <param name="SpaceId">The space.</param>
public sealed record DeleteSpace(Guid SpaceId) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.DeleteSpace;
    /// <inheritdoc/>
    public override Guid ObjectId => SpaceId;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>Sets the files attached to a note, in order.</summary>
/// <param name="NoteId">The note.</param>
/// <param name="FileIds">The attached files, in order.</param>
public sealed record SetNoteFiles(Guid NoteId, IReadOnlyList<Guid> FileIds) : Operation
{
    /// <inheritdoc/>
    public override OperationKind Kind => OperationKind.SetNoteFiles;
    /// <inheritdoc/>
    public override Guid ObjectId => NoteId;
    /// <inheritdoc/>
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);

    /// <inheritdoc/>
    public bool Equals(SetNoteFiles? other) =>
        other is not null && NoteId == other.NoteId && FileIds.SequenceEqual(other.FileIds);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(NoteId, FileIds.Count);
}

/// <summary>An operation with its id and its (hybrid logical clock) time: the unit of sync.</summary>
public sealed record OperationRecord(Guid Id, Timestamp CreatedAt, Operation Operation)
{
    /// <summary>
    /// The device that wrote the operation, when the record says (our optional <c>device</c> field); null
    /// for records of the original and of our versions before it. Not part of the digest.
    /// </summary>
    public OperationDevice? Device { get; init; }

    /// <summary>Orders records as every replica does: by time, then by id (RFC 4122 byte order).</summary>
    public static int CompareOrder(OperationRecord left, OperationRecord right) =>
        OperationOrder.Compare(left.CreatedAt, left.Id, right.CreatedAt, right.Id);
}

/// <summary>The total order of operations used by last-writer-wins and block hashes.</summary>
public static class OperationOrder
{
    /// <summary>Compares two operations by time, then by id.</summary>
    public static int Compare(Timestamp leftTime, Guid leftId, Timestamp rightTime, Guid rightId)
    {
        var byTime = leftTime.CompareTo(rightTime);
        return byTime != 0 ? byTime : CompareIds(leftId, rightId);
    }

    /// <summary>Compares ids by their 16 big-endian bytes, as SQLite compares the stored BLOBs.</summary>
    public static int CompareIds(Guid left, Guid right)
    {
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        left.TryWriteBytes(a, bigEndian: true, out _);
        right.TryWriteBytes(b, bigEndian: true, out _);
        return a.SequenceCompareTo(b);
    }
}
