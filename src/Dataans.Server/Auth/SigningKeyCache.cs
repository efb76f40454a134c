using Microsoft.IdentityModel.Tokens;

namespace Dataans.Server.Auth;

/// <summary>
/// An identity provider's signing keys (and, for OIDC, its configuration), cached so that a slow or failing
/// provider never stalls requests once keys are known:
/// <list type="bullet">
/// <item>a request never waits for a refresh while keys are cached: an aged cache is refreshed in the
/// background and a failed fetch keeps the keys it had;</item>
/// <item>failures back off (from <see cref="KeyCacheTimings.MinRefetch"/> doubling to
/// <see cref="KeyCacheTimings.MaxBackoff"/>);</item>
/// <item>a token naming an unknown <c>kid</c> makes at most one fetch per
/// <see cref="KeyCacheTimings.MinRefetch"/> (any number of such tokens), which that request awaits;</item>
/// <item>only before the first successful fetch do requests wait for one, at most one fetch at a time.</item>
/// </list>
/// Thread-safe.
/// </summary>
internal sealed class SigningKeyCache<T>(
    Func<CancellationToken, Task<(T Value, IReadOnlyList<SecurityKey> Keys)>> fetch,
    KeyCacheTimings timings,
    TimeProvider timeProvider,
    Action<Exception> logFailure)
    where T : class
{
    private readonly Lock _lock = new();
    private volatile Snapshot? _current;
    private DateTimeOffset _attemptedAt = DateTimeOffset.MinValue;
    private int _failures;
    private Task? _inFlight;

    public IReadOnlyList<SecurityKey> Keys => _current?.Keys ?? [];

    public T? Value => _current?.Value;

    /// <summary>How many fetches were started (for tests and logs).</summary>
    public int Fetches { get; private set; }

    /// <summary>Makes sure keys are there and, if allowed, that <paramref name="kid"/> is among them; see the class remarks.</summary>
    public async Task EnsureAsync(string? kid, CancellationToken cancellationToken)
    {
        var current = _current;
        var now = timeProvider.GetUtcNow();
        if (current is null)
        {
            await AwaitFetchAsync(StartFetch(now, backedOff: true), cancellationToken);
            return;
        }

        if (kid is not null && !current.Keys.Any(key => string.Equals(key.KeyId, kid, StringComparison.Ordinal)))
        {
            await AwaitFetchAsync(StartFetch(now, backedOff: false), cancellationToken);
            return;
        }

        if (now - current.FetchedAt >= timings.RefreshAfter)
        {
            _ = StartFetch(now, backedOff: true); // in the background: the cached keys serve meanwhile
        }
    }

    /// <summary>Asks for a refresh without waiting (a signature key was not found); at most one per interval.</summary>
    public void RequestRefresh() => _ = StartFetch(timeProvider.GetUtcNow(), backedOff: false);

    private Task? StartFetch(DateTimeOffset now, bool backedOff)
    {
        lock (_lock)
        {
            if (_inFlight is not null)
            {
                return _inFlight;
            }

            var wait = backedOff ? Backoff() : TimeSpan.FromTicks(Math.Max(timings.MinRefetch.Ticks, Backoff().Ticks));
            if (now - _attemptedAt < wait)
            {
                return null;
            }

            _attemptedAt = now;
            Fetches++;
            return _inFlight = Task.Run(FetchAsync);
        }
    }

    private TimeSpan Backoff() =>
        _failures == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(timings.MaxBackoff.Ticks, timings.MinRefetch.Ticks << Math.Min(_failures - 1, 20)));

    private async Task FetchAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(timings.FetchTimeout, timeProvider);
            var (value, keys) = await fetch(timeout.Token);
            _current = new Snapshot(value, keys, timeProvider.GetUtcNow());
            lock (_lock)
            {
                _failures = 0;
            }
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _failures++;
            }

            logFailure(e);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight = null;
            }
        }
    }

    private static async Task AwaitFetchAsync(Task? fetching, CancellationToken cancellationToken)
    {
        if (fetching is not null)
        {
            await fetching.WaitAsync(cancellationToken);
        }
    }

    private sealed record Snapshot(T Value, IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);
}

/// <summary>How a <see cref="SigningKeyCache{T}"/> refreshes.</summary>
/// <param name="RefreshAfter">Keys older than this are refreshed in the background.</param>
/// <param name="MinRefetch">Fetches for unknown key ids are at least this far apart; also the first backoff step.</param>
/// <param name="MaxBackoff">The longest wait between attempts after repeated failures.</param>
/// <param name="FetchTimeout">One fetch gives up after this long.</param>
internal sealed record KeyCacheTimings(TimeSpan RefreshAfter, TimeSpan MinRefetch, TimeSpan MaxBackoff, TimeSpan FetchTimeout);
