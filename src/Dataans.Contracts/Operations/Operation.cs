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

public enum OperationKind
{
    CreateNote,
    UpdateNote,
    DeleteNote,
    CreateFile,
    DeleteFile,
    CreateSpace,
    UpdateSpace,
    DeleteSpace,
    SetNoteFiles,
}

public sealed record CreateNote(NotePayload Note) : Operation
{
    public override OperationKind Kind => OperationKind.CreateNote;
    public override Guid ObjectId => Note.Id;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record UpdateNote(NotePayload Note) : Operation
{
    public override OperationKind Kind => OperationKind.UpdateNote;
    public override Guid ObjectId => Note.Id;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record DeleteNote(Guid NoteId) : Operation
{
    public override OperationKind Kind => OperationKind.DeleteNote;
    public override Guid ObjectId => NoteId;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record CreateFile(FilePayload File) : Operation
{
    public override OperationKind Kind => OperationKind.CreateFile;
    public override Guid ObjectId => File.Id;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record DeleteFile(Guid FileId) : Operation
{
    public override OperationKind Kind => OperationKind.DeleteFile;
    public override Guid ObjectId => FileId;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record CreateSpace(SpacePayload Space) : Operation
{
    public override OperationKind Kind => OperationKind.CreateSpace;
    public override Guid ObjectId => Space.Id;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record UpdateSpace(SpacePayload Space) : Operation
{
    public override OperationKind Kind => OperationKind.UpdateSpace;
    public override Guid ObjectId => Space.Id;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record DeleteSpace(Guid SpaceId) : Operation
{
    public override OperationKind Kind => OperationKind.DeleteSpace;
    public override Guid ObjectId => SpaceId;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);
}

public sealed record SetNoteFiles(Guid NoteId, IReadOnlyList<Guid> FileIds) : Operation
{
    public override OperationKind Kind => OperationKind.SetNoteFiles;
    public override Guid ObjectId => NoteId;
    public override T Accept<T>(IOperationVisitor<T> visitor) => visitor.Visit(this);

    public bool Equals(SetNoteFiles? other) =>
        other is not null && NoteId == other.NoteId && FileIds.SequenceEqual(other.FileIds);

    public override int GetHashCode() => HashCode.Combine(NoteId, FileIds.Count);
}

/// <summary>An operation with its id and its (hybrid logical clock) time: the unit of sync.</summary>
public sealed record OperationRecord(Guid Id, Timestamp CreatedAt, Operation Operation)
{
    /// <summary>Orders records as every replica does: by time, then by id (RFC 4122 byte order).</summary>
    public static int CompareOrder(OperationRecord left, OperationRecord right) =>
        OperationOrder.Compare(left.CreatedAt, left.Id, right.CreatedAt, right.Id);
}

/// <summary>The total order of operations used by last-writer-wins and block hashes.</summary>
public static class OperationOrder
{
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
