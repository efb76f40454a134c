using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.RateLimiting;

/// <summary>
/// Takes turns at the database's write lock. SQLite has one writer for the whole file and its busy
/// handler is not fair: a writer that commits and begins again at once can keep others polling for
/// seconds. Pushes therefore queue here first, first come first served, so another user's push waits for
/// at most the transactions already queued (each at most <c>MaxOpsPerPush</c> operations). PostgreSQL
/// serializes per user and needs no gate. Thread-safe.
/// </summary>
internal sealed class StoreWriteGate(IOptions<StorageOptions> storage) : IDisposable
{
    // Asynchronous waiters of a SemaphoreSlim are released in the order they arrived.
    private readonly SemaphoreSlim? _turn = storage.Value.UsesPostgres ? null : new SemaphoreSlim(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (_turn is null)
        {
            return await write();
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn?.Dispose();
}
