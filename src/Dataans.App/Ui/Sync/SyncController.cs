using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.App.Ui.Sync;

/// <summary>
/// The app's side of sync: signs in and out, runs "sync now", switches manual/auto, hosts the auto
/// sync loop, and tells the settings page what to show. Timeline and spaces update themselves from
/// <c>DataansStore.Changed</c> when sync applies remote changes. Thread-safe.
/// </summary>
internal sealed class SyncController : ISyncStatus, IAsyncDisposable
{
    private readonly DataansStore _store;
    private readonly SyncAccount _account;
    private readonly SyncEngine _engine;
    private readonly AutoSync _auto;
    private SyncState _current = new(false, "Sync is not set up");
    private int _disposed;

    public SyncController(DataansStore store)
    {
        _store = store;
        _account = SyncAccount.Create(store);
        _engine = SyncEngine.Create(store);
        _auto = AutoSync.Create(_engine, store);
        _engine.ProgressChanged += progress => Publish(Current with { Progress = progress, IsRunning = true });
        _engine.Completed += result => _ = RefreshAsync(result);
        // "N changes waiting" in the main window follows local writes (the CLI's too, through the store watcher).
        store.Changed += changes =>
        {
            if (changes.HasLocal && !_engine.IsRunning)
            {
                _ = RefreshAsync();
            }
        };
        _auto.Start();
        _ = RefreshAsync();
    }

    public event Action<SyncState>? Changed;

    public SyncState Current => _current;

    /// <summary>Signs in; returns the generated passphrase on a first device (to show once), else null.</summary>
    /// <exception cref="SyncException">Unreachable server, rejected token, wrong password or passphrase.</exception>
    public async Task<string?> SignInAsync(Uri server, string token, string password, string? passphrase, CancellationToken cancellationToken = default)
    {
        Publish(Current with { Summary = "Signing in: deriving the encryption key (about a second)…", IsRunning = true });
        try
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                token = await ReceiveBrowserTokenAsync(server, cancellationToken);
            }

            var (profile, generated) = await _account.SignInAsync(server, token, password, string.IsNullOrWhiteSpace(passphrase) ? null : passphrase, null, cancellationToken);
            await RefreshAsync();
            _auto.SyncSoon(TimeSpan.Zero);
            return generated ? profile.Passphrase : null;
        }
        finally
        {
            await RefreshAsync();
        }
    }

    /// <summary>Cloudflare servers: the user signs in to Access in the browser, whose page hands the token back to us.</summary>
    private async Task<string> ReceiveBrowserTokenAsync(Uri server, CancellationToken cancellationToken)
    {
        if (await _account.DiscoverAuthModeAsync(server, cancellationToken) != AuthMode.Cloudflare)
        {
            throw new SyncException(SyncFailure.Unauthorized, "This server needs an access token: ask its operator ('dataans-server user add NAME') and paste it here.");
        }

        return await LoopbackSignIn.ReceiveTokenAsync(
            server,
            page =>
            {
                Publish(Current with { Summary = "Waiting for the sign-in in your browser…", BrowserSignInPage = page });
                return Task.CompletedTask;
            },
            TimeSpan.FromMinutes(5),
            cancellationToken);
    }

    public async Task SignOutAsync(CancellationToken cancellationToken = default)
    {
        await _account.SignOutAsync(cancellationToken);
        await RefreshAsync();
    }

    public Task<SyncResult> SyncNowAsync(CancellationToken cancellationToken = default)
    {
        Publish(Current with { IsRunning = true, Progress = new SyncProgress("Starting", 0, 0) });
        return _engine.SyncAsync(cancellationToken: cancellationToken);
    }

    public async Task SetAutoAsync(bool auto, CancellationToken cancellationToken = default)
    {
        await _account.SetModeAsync(auto ? SyncMode.Auto : SyncMode.Manual, cancellationToken);
        if (auto)
        {
            _auto.SyncSoon(TimeSpan.Zero);
        }

        await RefreshAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as ISyncStatus: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _auto.DisposeAsync();
        _engine.Dispose();
    }

    private async Task RefreshAsync(SyncResult? justFinished = null)
    {
        try
        {
            var profile = await _account.LoadProfileAsync();
            var last = justFinished ?? await _engine.GetLastResultAsync();
            var (_, pending) = await _store.SyncLedger.CountOperationsAsync();
            var files = await _store.FileSyncLedger.CountFilesByStatusAsync();
            var waitingFiles = files.Where(pair => pair.Key != Core.Model.FileStatus.ExistAndUploaded).Sum(pair => pair.Value);
            Publish(new SyncState(
                profile is not null,
                profile is null ? "Sync is not set up" : $"Signed in to {profile.ServerUrl}",
                profile?.ServerUrl,
                profile?.SyncMode == SyncMode.Auto,
                last,
                pending,
                waitingFiles,
                IsRunning: _engine.IsRunning && justFinished is null,
                Progress: null));
        }
        catch (ProfileCorruptException exception)
        {
            Publish(new SyncState(false, exception.Message));
        }
    }

    private void Publish(SyncState state)
    {
        _current = state;
        Changed?.Invoke(state);
    }
}
