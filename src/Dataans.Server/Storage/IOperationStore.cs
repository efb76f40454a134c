using Dataans.Contracts;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Storage;

/// <summary>
/// Every user's encrypted operations. Implementations are thread-safe singletons and safe to run in
/// several server instances on one database: a push serializes per user, so <c>seq</c> is gap-free in
/// commit order.
/// </summary>
internal interface IOperationStore
{
    /// <summary>Runs migrations; called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>The user's epoch and head, or null when the user never reached the store (nothing is created).</summary>
    Task<UserState?> FindUserAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Every user with a store (token users appear once they have synced), by name.</summary>
    Task<IReadOnlyList<StoredUser>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>The user's epoch and head; creates the user's store (with a new epoch) on first use.</summary>
    Task<UserState> GetUserAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Stores the new operations; known ids with the same checksum are no-ops.</summary>
    /// <exception cref="OperationConflictException">A known id arrives with a different checksum; nothing is stored.</exception>
    Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default);

    /// <summary>Operations with <c>seq &gt; afterSeq</c> in seq order.</summary>
    Task<OperationPage> ReadAfterAsync(string user, long afterSeq, int limit, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Operations in (createdAt, id) order, skipping the first <paramref name="skip"/>.</summary>
    Task<OperationPage> ReadOrderedAsync(string user, long skip, int limit, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Every operation from <paramref name="skip"/> on in (createdAt, id) order, streamed.</summary>
    IAsyncEnumerable<StoredOperation> StreamOrderedAsync(string user, long skip, CancellationToken cancellationToken = default);

    /// <summary>The seed's block hashes, computed while streaming the checksums.</summary>
    Task<BlockList> ComputeBlocksAsync(string user, int itemsPerBlock, CancellationToken cancellationToken = default);

    Task<UserVerifier?> GetVerifierAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Stores the verifier unless another one is set (or <paramref name="replace"/>); <paramref name="v1Id"/> is the v1 user id to report, random when null.</summary>
    Task<VerifierWrite> SetVerifierAsync(string user, string verifier, Guid? v1Id, bool replace, CancellationToken cancellationToken = default);

    /// <summary>Gives the user's store a new epoch (after a restore); returns it.</summary>
    Task<string> RotateEpochAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the user's store a new epoch if it is still <paramref name="epoch"/>: a device showed a position of that
    /// epoch the store does not hold, so the store was put back to an older state without its epoch rotated.
    /// Returns the new epoch, or null when the epoch is another one by now (rotated once, however many devices tell).
    /// </summary>
    Task<string?> RotateEpochIfStillAsync(string user, string epoch, CancellationToken cancellationToken = default);

    /// <summary>The id of the user's operation with this <c>seq</c>, or null when there is none.</summary>
    Task<Guid?> FindOperationIdAsync(string user, long seq, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user's operations and verifier and gives a new epoch; returns it.</summary>
    Task<string> ResetAsync(string user, CancellationToken cancellationToken = default);
}

internal sealed record UserState(string Epoch, long Head);

internal sealed record StoredUser(string Name, long CreatedAtUnixSeconds, long Head);

internal sealed record StoredOperation(long Seq, Guid Id, Timestamp CreatedAt, byte[] Data, byte[] Checksum);

internal sealed record PushOutcome(string Epoch, long Head, int Accepted, int Duplicates);

internal sealed record OperationPage(string Epoch, long Head, IReadOnlyList<StoredOperation> Operations, bool HasMore);

internal sealed record BlockList(string Epoch, long Head, long OperationCount, IReadOnlyList<byte[]> Blocks);

internal sealed record UserVerifier(Guid V1Id, string Verifier);

internal enum VerifierWrite
{
    Created,
    Unchanged,
    Replaced,
    Conflict,
}
