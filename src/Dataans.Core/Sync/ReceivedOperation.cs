using Dataans.Contracts;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

/// <summary>
/// An operation as a server hands it out: id and time in clear, the sealed record, its checksum, and
/// its place in the server's log (null from v1 servers, which number nothing).
/// </summary>
internal sealed record ReceivedOperation(Guid Id, Timestamp CreatedAt, byte[] Data, byte[] Checksum, long? Sequence)
{
    public static ReceivedOperation From(SyncOperation operation) =>
        new(operation.Id, operation.CreatedAt, operation.Data, operation.Checksum, operation.Seq);

    public static ReceivedOperation From(V1Operation operation) =>
        new(operation.Id, operation.CreatedAt, operation.Data, operation.Checksum, null);
}

/// <summary>
/// Received operations to apply in one transaction, and the server position to record with them
/// (<paramref name="Epoch"/> null: leave the position alone).
/// </summary>
internal sealed record ReceivedPage(IReadOnlyList<ReceivedOperation> Operations, long Cursor, string? Epoch);
