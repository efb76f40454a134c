using Dataans.Core.Operations;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataans.Core.Sync;

/// <summary>Timings of automatic sync.</summary>
public sealed record AutoSyncOptions
{
    /// <summary>Quiet time after a local change before syncing (typing bursts become one sync).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary>A sync runs at least this often even without changes or notifications.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay after a failure; doubles up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest wait before asking again for a file another device has not finished uploading: its
    /// completion sends no notification, and every sync that still misses it counts, so after a busy
    /// stretch the backoff alone would be minutes.
    /// </summary>
    public TimeSpan MaxAwaitedFileWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait between attempts to reopen the server's push channel after it broke. Reopening it is how
    /// the device notices that an unreachable server is back, and a sync that failed is then tried at once, so
    /// this bounds how long notes written during an outage wait once it is over (the retry planned after many
    /// failures may be minutes away). An attempt is one connection and one small request.
    /// </summary>
    public TimeSpan MaxReconnectWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the outbox is looked at for operations another process (the CLI) wrote into this data
    /// folder: those raise no change event here, so they would otherwise wait for the period.
    /// </summary>
    public TimeSpan OutboxPoll { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Auto sync mode, a background loop for the app: syncs after local changes (debounced), when the
/// server's push channel says new operations exist, and periodically; retries failures with
/// exponential backoff and jitter (a run asked for before the retry could be due, by a local change or
/// the push channel, that fails too does not lengthen the backoff), and syncs at once when the push channel
/// reopens after an outage that made a sync fail (<see cref="AutoSyncOptions.MaxReconnectWait"/>); operations another process wrote into
/// the same store are noticed within <see cref="AutoSyncOptions.OutboxPoll"/>. It does nothing while the profile's mode is manual
/// or the device is signed out. Runs as a hosted service of the app (<c>AddDataansCore</c> registers
/// it). Thread-safe.
/// </summary>
public sealed class AutoSync : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// A run that starts within this of the retry window's opening still counts (a timer may wake a little early,
    /// and the window is reckoned from when the failure was handled, a moment after the run ended).
    /// </summary>
    private static readonly TimeSpan WindowSlack = TimeSpan.FromMilliseconds(25);

    private readonly SyncEngine _engine;
    private readonly DataansStore _store;
    private readonly ProfileStore _profiles;
    private readonly AutoSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<UserProfile, SyncHttpClient> _clientFactory;
    private readonly ILogger _logger;
    private readonly CredentialRenewal _renewal;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private Task? _listener;
    private Task? _outboxWatch;
    private long _dueAt = long.MaxValue;
    private int _lastRunFailed;
    private int _localChangeSincePoll;
    private int _disposed;

    /// <summary>Built by <c>AddDataansCore</c> (tests pass their own profile store, clock and clients).</summary>
    internal AutoSync(
        SyncEngine engine,
        DataansStore store,
        ProfileStore profiles,
        AutoSyncOptions? options = null,
        TimeProvider? time = null,
        Func<UserProfile, SyncHttpClient>? clientFactory = null,
        ILogger<AutoSync>? logger = null)
    {
        _engine = engine;
        _store = store;
        _profiles = profiles;
        _options = options ?? new AutoSyncOptions();
        _time = time ?? TimeProvider.System;
        _clientFactory = clientFactory ?? (profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken));
        _logger = logger ?? NullLogger<AutoSync>.Instance;
        _renewal = new CredentialRenewal(profiles, _time);
    }

    /// <summary>Raised each time the loop wakes up to sync: true when it ran a sync, false when the mode is manual or signed out.</summary>
    internal event Action<bool>? Evaluated;

    /// <summary>Starts the loop, the listener and the outbox watch (the host calls it; a second call does nothing).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop, the listener and the outbox watch and waits for them (the host calls it).</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Starts the loop, the listener and the outbox watch, and asks for a first sync now (a second call does nothing).</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _store.Changed += OnStoreChanged;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
        _listener = Task.Run(() => ListenAsync(_stop.Token));
        _outboxWatch = Task.Run(() => WatchOutboxAsync(_stop.Token));
        SyncSoon(TimeSpan.Zero);
    }

    /// <summary>Asks for a sync after <paramref name="delay"/> (the earliest request wins).</summary>
    public void SyncSoon(TimeSpan delay)
    {
        var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        long current;
        do
        {
            current = Interlocked.Read(ref _dueAt);
            if (due >= current)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _dueAt, due, current) != current);

        _wake.Release();
    }

    /// <summary>Stops the loop, the listener and the outbox watch and waits for them (a second call does nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _store.Changed -= OnStoreChanged;
        await _stop.CancelAsync();
        foreach (var task in new[] { _loop, _listener, _outboxWatch })
        {
            if (task is not null)
            {
                try
                {
                    await task;
                }
                catch (OperationCanceledException)
                {
                    // stopping
                }
            }
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private void OnStoreChanged(ChangeSet changes)
    {
        if (changes.HasLocal)
        {
            Interlocked.Exchange(ref _localChangeSincePoll, 1);
            // Debounce: each local change pushes the sync back by the quiet time.
            Interlocked.Exchange(ref _dueAt, long.MaxValue);
            SyncSoon(_options.Debounce);
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var retryAt = long.MinValue; // when the retry planned after the last counted failure is due
        var windowAt = long.MinValue; // the earliest that retry could have been (half the step: the jitter's low end)
        var awaitingFiles = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = TimeUntilDue();
            if (wait > TimeSpan.Zero && await _wake.WaitAsync(wait, cancellationToken))
            {
                continue; // a new request: look at the due time again
            }

            Interlocked.Exchange(ref _dueAt, long.MaxValue);
            if (!await IsAutoAsync(cancellationToken))
            {
                Evaluated?.Invoke(false);
                continue;
            }

            var startedAt = _time.GetTimestamp();
            SyncResult result;
            try
            {
                result = await _engine.SyncAsync(cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Keep the loop alive whatever went wrong, a cancellation the loop did not ask for included (it would
                // otherwise end the loop without a word); the next attempt backs off.
                Log.AutoSyncRunThrew(_logger, exception.GetType().Name);
                result = new SyncResult { Success = false, Message = exception.Message, FinishedAt = _time.GetUtcNow() };
            }

            Evaluated?.Invoke(true);
            awaitingFiles = result.FilesAwaited > 0 ? awaitingFiles + 1 : 0;
            Volatile.Write(ref _lastRunFailed, result.Success ? 0 : 1);
            if (result.Success)
            {
                failures = 0;
                retryAt = long.MinValue;
                windowAt = long.MinValue;
                if (awaitingFiles > 0)
                {
                    // Another device has not finished uploading a file this one needs (nothing notifies when it
                    // does): ask again with the same backoff instead of waiting for the period.
                    var backoff = Backoff(awaitingFiles);
                    SyncSoon(backoff < _options.MaxAwaitedFileWait ? backoff : _options.MaxAwaitedFileWait);
                }
            }
            else if (StartedEarly(startedAt, windowAt))
            {
                // A run that a local change or the server's push channel asked for before any retry could be due
                // failed too. It does not count: otherwise every note written while offline would double the wait,
                // and a short outage would end with the device minutes away from its next try. The planned retry
                // stays. (A run inside the retry window counts, whatever started it, so the count does not hang on
                // the jitter.)
                var left = _time.GetElapsedTime(_time.GetTimestamp(), retryAt);
                Log.AutoSyncEarlyRunFailed(_logger, failures, left.TotalSeconds);
                SyncSoon(left);
            }
            else
            {
                failures++;
                var step = Step(failures);
                var retry = Jittered(step);
                var now = _time.GetTimestamp();
                retryAt = now + (long)(retry.TotalSeconds * _time.TimestampFrequency);
                windowAt = now + (long)(step.TotalSeconds / 2 * _time.TimestampFrequency);
                Log.AutoSyncFailed(_logger, failures, retry.TotalSeconds);
                SyncSoon(retry);
            }
        }
    }

    /// <summary>
    /// Asks for a sync (after the debounce) when the outbox holds an operation newer than any seen before
    /// and this process changed nothing meanwhile: another process wrote it into the same folder. (This
    /// process's own changes already asked, and asking twice would cut short a backoff after a failure.)
    /// </summary>
    private async Task WatchOutboxAsync(CancellationToken cancellationToken)
    {
        long? seen = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var newest = await _store.SyncLedger.ReadNewestUnpushedAsync(cancellationToken);
                var changedHere = Interlocked.Exchange(ref _localChangeSincePoll, 0) == 1;
                if (seen is { } before && newest > before && !changedHere)
                {
                    SyncSoon(_options.Debounce);
                }

                seen = Math.Max(seen ?? 0, newest);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Busy or briefly unreadable (a sync or the CLI holds the write lock): look again at the next poll.
            }

            await Task.Delay(_options.OutboxPoll, _time, cancellationToken);
        }
    }

    private async Task<bool> IsAutoAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Paused while the user must sign in again: retrying a refused credential cannot help.
            return await _profiles.LoadAsync(cancellationToken) is { SyncMode: SyncMode.Auto, SignInRequired: false };
        }
        catch (ProfileCorruptException)
        {
            return false; // reported by manual sync and the settings page
        }
    }

    /// <summary>Time left until the requested sync, or the period when none is requested.</summary>
    private TimeSpan TimeUntilDue()
    {
        var due = Interlocked.Read(ref _dueAt);
        if (due == long.MaxValue)
        {
            return _options.Period;
        }

        var left = _time.GetElapsedTime(_time.GetTimestamp(), due);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether a run began before the retry window after the last counted failure opened.</summary>
    private bool StartedEarly(long startedAt, long windowAt) =>
        windowAt != long.MinValue && _time.GetElapsedTime(startedAt, windowAt) > WindowSlack;

    /// <summary>The wait after <paramref name="failures"/> failures in a row, with jitter (50–100 % of the step).</summary>
    private TimeSpan Backoff(int failures) => Jittered(Step(failures));

    /// <summary>The exponential step after <paramref name="failures"/> failures in a row, capped, without jitter.</summary>
    private TimeSpan Step(int failures)
    {
        var exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds));
    }

    private static TimeSpan Jittered(TimeSpan step) => step * (0.5 + (Random.Shared.NextDouble() / 2));

    /// <summary>Follows the server's push channel while signed in with auto mode; reconnects with backoff.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await _profiles.LoadAsync(cancellationToken) is { SyncMode: SyncMode.Auto, SignInRequired: false } profile)
                {
                    profile = await _renewal.RenewIfDueAsync(profile, cancellationToken);
                    using var client = _clientFactory(profile);
                    var reopened = failures > 0;
                    await foreach (var head in client.ListenAsync(cancellationToken))
                    {
                        failures = 0;
                        var (cursor, epoch) = await _store.SyncLedger.ReadPositionAsync(cancellationToken);
                        if (reopened && Volatile.Read(ref _lastRunFailed) == 1)
                        {
                            // The channel is open again after it broke, and the last sync failed: the server is
                            // most likely back, so unsent work goes now rather than at the planned retry.
                            Log.AutoSyncServerBack(_logger);
                            SyncSoon(TimeSpan.Zero);
                        }
                        else if (head.Head != cursor || (epoch is not null && head.Epoch != epoch) || head.InboxMark > 0)
                        {
                            // New operations, a server restored/reset (another epoch, or a head behind the cursor), or a capture in the inbox.
                            SyncSoon(TimeSpan.Zero);
                        }

                        reopened = false;
                    }
                }
            }
            catch (SyncException exception)
            {
                failures++;
                Log.AutoSyncListenerFailed(_logger, nameof(SyncException) + "." + exception.Failure, failures);
                if (exception.Failure == SyncFailure.Unauthorized)
                {
                    SyncSoon(TimeSpan.Zero); // the sync renews the credential, or marks "sign in again" and pauses
                }
            }
            catch (Exception exception) when (exception is ProfileCorruptException
                or IOException or HttpRequestException or System.Net.Sockets.SocketException) // the last three: the connection broke mid-stream
            {
                failures++;
                Log.AutoSyncListenerFailed(_logger, exception.GetType().Name, failures);
            }

            var wait = Backoff(Math.Max(failures, 1));
            await Task.Delay(wait < _options.MaxReconnectWait ? wait : Jittered(_options.MaxReconnectWait), _time, cancellationToken);
        }
    }
}
