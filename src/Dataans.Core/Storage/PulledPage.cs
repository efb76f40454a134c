using Dataans.Contracts.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// One page of pulled operations to apply in one transaction: the records that decoded, the ids the
/// server holds (all of the page's), the refused ones, and the position to move to
/// (<paramref name="Epoch"/> null: leave the position alone).
/// </summary>
internal sealed record PulledPage(
    IReadOnlyList<OperationRecord> Records,
    IReadOnlyCollection<Guid> ServerIds,
    IReadOnlyList<QuarantinedOperation> Quarantined,
    long Cursor,
    string? Epoch)
{
    /// <summary>Leave the search index to one rebuild after the pull (a large catch-up; see <see cref="SearchIndexDeferral"/>).</summary>
    public bool DeferSearchIndex { get; init; }

    /// <summary>The server ids whose checksum there is keyed (the others hold the seed digest).</summary>
    public IReadOnlySet<Guid> KeyedChecksums { get; init; } = new HashSet<Guid>();

    /// <summary>The id of the operation at <see cref="Cursor"/> on the server, when known (kept with the position, see <see cref="SyncLedger"/>).</summary>
    public Guid? CursorId { get; init; }

    /// <summary>No operations: only moves the position.</summary>
    public static PulledPage PositionOnly(long cursor, string epoch, Guid? cursorId) => new([], [], [], cursor, epoch) { CursorId = cursorId };
}

/// <summary>A pulled operation that was refused, and why (safe to show: no content).</summary>
internal sealed record QuarantinedOperation(Guid Id, long? Sequence, string Reason);
