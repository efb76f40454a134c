using System.Runtime.CompilerServices;
using Dataans.Contracts.Sync;
using Dataans.Server.Storage;

namespace Dataans.Server.Observability;

/// <summary>The configured operation store, with its calls timed and the operations it stores and sends counted.</summary>
internal sealed class MeasuredOperationStore(IOperationStore inner, SyncMetrics metrics) : IOperationStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);

    public Task<UserState?> FindUserAsync(string user, CancellationToken cancellationToken = default) => inner.FindUserAsync(user, cancellationToken);

    public Task<IReadOnlyList<StoredUser>> ListUsersAsync(CancellationToken cancellationToken = default) => inner.ListUsersAsync(cancellationToken);

    public async Task<UserState> GetUserAsync(string user, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("user");
        return await inner.GetUserAsync(user, cancellationToken);
    }

    public async Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("push");
        var outcome = await inner.PushAsync(user, operations, cancellationToken);
        metrics.Ingested(outcome.Accepted);
        return outcome;
    }

    public async Task<OperationPage> ReadAfterAsync(string user, long afterSeq, int limit, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("pull");
        var page = await inner.ReadAfterAsync(user, afterSeq, limit, maxBytes, cancellationToken);
        metrics.Delivered(page.Operations.Count);
        return page;
    }

    public async Task<OperationPage> ReadOrderedAsync(string user, long skip, int limit, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("pull");
        var page = await inner.ReadOrderedAsync(user, skip, limit, maxBytes, cancellationToken);
        metrics.Delivered(page.Operations.Count);
        return page;
    }

    public async IAsyncEnumerable<StoredOperation> StreamOrderedAsync(string user, long skip, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = 0;
        try
        {
            await foreach (var operation in inner.StreamOrderedAsync(user, skip, cancellationToken))
            {
                sent++;
                yield return operation;
            }
        }
        finally
        {
            metrics.Delivered(sent);
        }
    }

    public async Task<BlockList> ComputeBlocksAsync(string user, int itemsPerBlock, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("blocks");
        return await inner.ComputeBlocksAsync(user, itemsPerBlock, cancellationToken);
    }

    public async Task<UserVerifier?> GetVerifierAsync(string user, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("verifier");
        return await inner.GetVerifierAsync(user, cancellationToken);
    }

    public async Task<VerifierWrite> SetVerifierAsync(string user, string verifier, Guid? v1Id, bool replace, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("verifier");
        return await inner.SetVerifierAsync(user, verifier, v1Id, replace, cancellationToken);
    }

    public Task<string> RotateEpochAsync(string user, CancellationToken cancellationToken = default) => inner.RotateEpochAsync(user, cancellationToken);

    public Task<string?> RotateEpochIfStillAsync(string user, string epoch, CancellationToken cancellationToken = default) =>
        inner.RotateEpochIfStillAsync(user, epoch, cancellationToken);

    public Task<Guid?> FindOperationIdAsync(string user, long seq, CancellationToken cancellationToken = default) =>
        inner.FindOperationIdAsync(user, seq, cancellationToken);

    public Task<string> ResetAsync(string user, CancellationToken cancellationToken = default) => inner.ResetAsync(user, cancellationToken);
}
