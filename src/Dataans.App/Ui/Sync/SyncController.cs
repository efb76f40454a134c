using System.Threading.Channels;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dataans.App.Ui.Sync;

/// <summary>
/// The app's side of sync: signs in and out, runs "sync now", switches manual/auto, and tells the
/// settings page what to show (<see cref="Current"/>, <see cref="Changed"/>). Auto sync itself is
/// Core's hosted <see cref="AutoSync"/>. Timeline and spaces update themselves from
/// <c>DataansStore.Changed</c> when sync applies remote changes. A hosted service: the first status is
/// read at start, and each finished run's status by a loop the host stops. Thread-safe.
/// </summary>
internal sealed class SyncController : IHostedService, IAsyncDisposable
{
    private readonly DataansStore _store;
    private readonly SyncAccount _account;
    private readonly SyncEngine _engine;
    private readonly AutoSync _auto;
    private readonly ILogger _logger;
    private readonly Channel<SyncResult> _finished = Channel.CreateUnbounded<SyncResult>(new UnboundedChannelOptions { SingleReader = true });
    private SyncState _current = new(false, "Sync is not set up");
    private Task? _refreshLoop;

    public SyncController(DataansStore store, SyncAccount account, SyncEngine engine, AutoSync auto, ILogger<SyncController> logger)
    {
        _logger = logger;
        _store = store;
        _account = account;
        _engine = engine;
        _auto = auto;
        _engine.ProgressChanged += OnProgress;
        _engine.Completed += OnCompleted;
    }

    public event Action<SyncState>? Changed;

    public SyncState Current => _current;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshQuietlyAsync(null);
        _refreshLoop = Task.Run(RefreshAfterRunsAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Signs in; returns the generated passphrase on a first device (to show once), else null.</summary>
    /// <param name="oidc">The issuer and client for an OpenID Connect server (from its operator); null otherwise.</param>
    /// <exception cref="SyncException">Unreachable server, rejected token, wrong password or passphrase.</exception>
    public async Task<string?> SignInAsync(Uri server, string token, string password, string? passphrase, OidcSettings? oidc = null, CancellationToken cancellationToken = default)
    {
        Publish(Current with { Summary = "Signing in: deriving the encryption key (about a second)…", IsRunning = true });
        try
        {
            var credential = string.IsNullOrWhiteSpace(token)
                ? await BrowserCredentialAsync(server, oidc, cancellationToken)
                : new SignInCredential(token.Trim());
            var secrets = new KeySecrets(password, string.IsNullOrWhiteSpace(passphrase) ? null : passphrase);
            var outcome = await _account.SignInAsync(server, credential, _ => Task.FromResult(secrets), keepKey: false, cancellationToken: cancellationToken);
            _auto.SyncSoon(TimeSpan.Zero);
            return outcome.GeneratedPassphrase ? outcome.Profile.Passphrase : null;
        }
        finally
        {
            await RefreshAsync();
        }
    }

    /// <summary>
    /// Signs in again after the server refused this device's sign-in: a new token, or the browser
    /// (Cloudflare hand-off, OpenID Connect with the current issuer). The key stays when the account's
    /// verifier still matches it; otherwise <paramref name="secrets"/> are needed, and without them this
    /// throws <see cref="SyncFailure.WrongKey"/> saying so.
    /// </summary>
    /// <exception cref="SyncException">Unreachable server, rejected token, or the key must be derived again.</exception>
    public async Task<bool> SignInAgainAsync(string token, KeySecrets? secrets, CancellationToken cancellationToken = default)
    {
        var profile = await _account.LoadProfileAsync(cancellationToken)
            ?? throw new SyncException(SyncFailure.NotSignedIn, "This device is not signed in to a sync server.");
        Publish(Current with { Summary = "Signing in again…", IsRunning = true });
        try
        {
            var oidc = profile.Oidc is { } session ? new OidcSettings(session.Issuer, session.ClientId, session.Scope, session.Resource) : null;
            var credential = string.IsNullOrWhiteSpace(token)
                ? await BrowserCredentialAsync(profile.ServerUrl, oidc, cancellationToken)
                : new SignInCredential(token.Trim());
            var outcome = await _account.SignInAsync(
                profile.ServerUrl,
                credential,
                _ => secrets is { Password.Length: > 0 } given
                    ? Task.FromResult(given)
                    : throw new SyncException(SyncFailure.WrongKey, "This account's key changed on the server: type the password and the passphrase to sign in again."),
                cancellationToken: cancellationToken);
            _auto.SyncSoon(TimeSpan.Zero);
            return outcome.KeptKey;
        }
        finally
        {
            await RefreshAsync();
        }
    }

    /// <summary>Cloudflare and OpenID servers sign in through the browser; the page we show links to it.</summary>
    private async Task<SignInCredential> BrowserCredentialAsync(Uri server, OidcSettings? oidc, CancellationToken cancellationToken)
    {
        Task Show(Uri page)
        {
            Publish(Current with { Summary = "Waiting for the sign-in in your browser…", BrowserSignInPage = page });
            return Task.CompletedTask;
        }

        switch (await _account.DiscoverAuthModeAsync(server, cancellationToken))
        {
            case AuthMode.Cloudflare:
                return new SignInCredential(await LoopbackSignIn.ReceiveTokenAsync(server, Show, TimeSpan.FromMinutes(5), cancellationToken));
            case AuthMode.Oidc when oidc is not null:
                return await OidcSignIn.SignInAsync(oidc, Show, TimeSpan.FromMinutes(5), cancellationToken);
            case AuthMode.Oidc:
                throw new SyncException(SyncFailure.Unauthorized, "This server signs in with OpenID Connect: fill in the issuer and the client id its operator gave you.");
            default:
                throw new SyncException(SyncFailure.Unauthorized, "This server needs an access token: ask its operator ('dataans-server user add NAME') and paste it here.");
        }
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
        _engine.ProgressChanged -= OnProgress;
        _engine.Completed -= OnCompleted;
        if (_finished.Writer.TryComplete() && _refreshLoop is not null)
        {
            await _refreshLoop;
        }
    }

    private void OnProgress(SyncProgress progress) => Publish(Current with { Progress = progress, IsRunning = true });

    private void OnCompleted(SyncResult result) => _finished.Writer.TryWrite(result);

    private async Task RefreshAfterRunsAsync()
    {
        await foreach (var result in _finished.Reader.ReadAllAsync())
        {
            await RefreshQuietlyAsync(result);
        }
    }

    /// <summary>A status that cannot be read (profile or database unreadable) leaves the last one shown; the next run tries again.</summary>
    private async Task RefreshQuietlyAsync(SyncResult? justFinished)
    {
        try
        {
            await RefreshAsync(justFinished);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SyncStatusUnreadable(_logger, exception.GetType().Name);
        }
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
                profile is null ? "Sync is not set up"
                    : profile.SignInRequired ? $"The sign-in to {profile.ServerUrl} expired: sign in again to resume sync (your notes and key stay on this device)"
                    : $"Signed in to {profile.ServerUrl}",
                profile?.ServerUrl,
                profile?.SyncMode == SyncMode.Auto,
                last,
                pending,
                waitingFiles,
                IsRunning: _engine.IsRunning && justFinished is null,
                Progress: null,
                SignInRequired: profile?.SignInRequired ?? false,
                AuthMode: profile?.AuthMode));
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
