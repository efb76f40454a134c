using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// Signs a device in to a sync server and out again. The server's auth mode is learned from
/// <c>GET /v2/info</c>; the key is derived from the password and passphrase and, on a later device,
/// checked against the server's key verifier before anything is written locally. Signing in again
/// (a new token after the old one expired) keeps the key when the account's verifier still matches it,
/// so the password and passphrase are asked only after a sign-out or when the verifier changed.
/// Thread-safe.
/// </summary>
public sealed class SyncAccount
{
    private readonly DataansStore _store;
    private readonly ProfileStore _profiles;
    private readonly Func<Uri, AuthMode, string?, SyncHttpClient> _clientFactory;

    /// <summary>Built by <c>AddDataansCore</c> (tests pass their own profile store and clients).</summary>
    internal SyncAccount(DataansStore store, ProfileStore profiles, Func<Uri, AuthMode, string?, SyncHttpClient>? clientFactory = null)
    {
        _store = store;
        _profiles = profiles;
        _clientFactory = clientFactory ?? ((url, mode, token) => new SyncHttpClient(url, mode, token));
    }

    /// <summary>Asks the server how it authenticates (no credentials needed).</summary>
    /// <exception cref="SyncException">The server cannot be reached or is not a dataans-server.</exception>
    public async Task<AuthMode> DiscoverAuthModeAsync(Uri server, CancellationToken cancellationToken = default)
    {
        using var client = _clientFactory(server, AuthMode.Token, null);
        var info = await client.GetInfoAsync(cancellationToken);
        return info.Auth switch
        {
            "token" => AuthMode.Token,
            "cloudflare" => AuthMode.Cloudflare,
            "oidc" => AuthMode.Oidc,
            _ => throw new SyncException(SyncFailure.Protocol, $"The server uses an unknown sign-in method '{info.Auth}'."),
        };
    }

    /// <summary>
    /// Signs in with a password and passphrase given up front (always derives the key). With no
    /// verifier on the server this is the first device: the passphrase is the one given or a generated
    /// one, and the verifier is stored. Otherwise the passphrase is required and the derived key must match.
    /// </summary>
    /// <exception cref="SyncException">Unreachable, token rejected, or wrong password/passphrase.</exception>
    public async Task<(UserProfile Profile, bool GeneratedPassphrase)> SignInAsync(
        Uri server, string token, string password, string? passphrase, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("A password is needed to derive the encryption key.", nameof(password));
        }

        var outcome = await SignInAsync(server, new SignInCredential(token), _ => Task.FromResult(new KeySecrets(password, passphrase)), progress, keepKey: false, cancellationToken);
        return (outcome.Profile, outcome.GeneratedPassphrase);
    }

    /// <summary>
    /// Signs in with <paramref name="credential"/>. When this device is signed in already and the
    /// account's key verifier still matches its key (<paramref name="keepKey"/>), only the credential
    /// is replaced; otherwise <paramref name="askSecrets"/> is called for the password and passphrase.
    /// </summary>
    /// <exception cref="SyncException">Unreachable, credential rejected, or wrong password/passphrase.</exception>
    public async Task<SignInOutcome> SignInAsync(
        Uri server,
        SignInCredential credential,
        Func<CancellationToken, Task<KeySecrets>> askSecrets,
        IProgress<string>? progress = null,
        bool keepKey = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(askSecrets);
        var mode = await DiscoverAuthModeAsync(server, cancellationToken);
        using var client = _clientFactory(server, mode, credential.AccessToken);
        await client.CheckAuthAsync(cancellationToken);
        var verifier = await client.GetVerifierAsync(cancellationToken);
        var current = keepKey ? await TryLoadAsync(cancellationToken) : null;
        if (current is not null && verifier is not null && await MatchesAsync(current.SecretKey, verifier, cancellationToken))
        {
            var renewed = current with
            {
                ServerUrl = server,
                AuthMode = mode,
                AuthToken = credential.AccessToken,
                Oidc = credential.Oidc,
                SignInRequired = false,
            };
            if (!SameServer(current.ServerUrl, server))
            {
                renewed = renewed with { SyncCursor = null, SyncEpoch = null };
                await _store.SyncLedger.ResetPositionAsync(cancellationToken);
            }

            await _profiles.SaveAsync(renewed, cancellationToken);
            return new SignInOutcome(renewed, GeneratedPassphrase: false, KeptKey: true);
        }

        var secrets = await askSecrets(cancellationToken);
        if (string.IsNullOrEmpty(secrets.Password))
        {
            throw new ArgumentException("A password is needed to derive the encryption key.", nameof(askSecrets));
        }

        var (key, passphrase, generated) = await DeriveKeyAsync(client, verifier, secrets, progress, cancellationToken);
        var profile = new UserProfile
        {
            ServerUrl = server,
            AuthMode = mode,
            AuthToken = credential.AccessToken,
            Oidc = credential.Oidc,
            SecretKey = key,
            Passphrase = passphrase,
            SyncMode = SyncMode.Manual,
        };
        await _store.SyncLedger.ForgetAccountAsync(cancellationToken);
        await _profiles.SaveAsync(profile, cancellationToken);
        return new SignInOutcome(profile, generated, KeptKey: false);
    }

    /// <summary>Removes the profile (key, token, passphrase) and the last sync result; local notes stay. The server is asked to revoke the token first.</summary>
    public async Task<bool> SignOutAsync(CancellationToken cancellationToken = default) =>
        (await SignOutAndRevokeAsync(cancellationToken)).WasSignedIn;

    /// <summary>
    /// Signs out, after asking a token-mode server to revoke this device's token (best effort: an
    /// unreachable server does not keep the device signed in). Local notes stay.
    /// </summary>
    public async Task<SignOutResult> SignOutAndRevokeAsync(CancellationToken cancellationToken = default)
    {
        var profile = await _profiles.LoadAsync(cancellationToken);
        var revocation = TokenRevocation.NotNeeded;
        if (profile is { AuthMode: AuthMode.Token, AuthToken: { Length: > 0 } token })
        {
            try
            {
                using var client = _clientFactory(profile.ServerUrl, profile.AuthMode, token);
                revocation = await client.RevokeOwnTokenAsync(cancellationToken) ? TokenRevocation.Revoked : TokenRevocation.NotNeeded;
            }
            catch (SyncException)
            {
                revocation = TokenRevocation.Failed;
            }
        }

        var removed = await _profiles.DeleteAsync(cancellationToken);
        await _store.SyncLedger.ForgetAccountAsync(cancellationToken);
        return new SignOutResult(removed, revocation);
    }

    /// <summary>The signed-in profile, or null when signed out.</summary>
    public Task<UserProfile?> LoadProfileAsync(CancellationToken cancellationToken = default) => _profiles.LoadAsync(cancellationToken);

    /// <summary>Switches between manual and auto sync.</summary>
    public async Task SetModeAsync(SyncMode mode, CancellationToken cancellationToken = default)
    {
        var profile = await _profiles.LoadAsync(cancellationToken)
            ?? throw new SyncException(SyncFailure.NotSignedIn, "This device is not signed in to a sync server.");
        await _profiles.SaveAsync(profile with { SyncMode = mode }, cancellationToken);
    }

    /// <summary>
    /// The first device stores a verifier of the new key; a later one must match the account's verifier,
    /// with the exact passphrase or, failing that, its generated form (<see cref="PassphraseForms"/>).
    /// </summary>
    private static async Task<(EncryptionKey Key, string Passphrase, bool Generated)> DeriveKeyAsync(
        SyncHttpClient client, string? verifier, KeySecrets secrets, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var passphrase = secrets.Passphrase;
        if (verifier is null)
        {
            var generated = string.IsNullOrWhiteSpace(passphrase);
            passphrase = generated ? PassphraseGenerator.Generate() : passphrase!;
            progress?.Report("Deriving the encryption key (about a second)…");
            var key = await KeyDerivation.DeriveKeyAsync(secrets.Password, passphrase, cancellationToken);
            await client.PutVerifierAsync(await KeyVerifier.CreateAsync(key, cancellationToken), cancellationToken);
            return (key, passphrase, generated);
        }

        if (string.IsNullOrWhiteSpace(passphrase))
        {
            throw new SyncException(SyncFailure.WrongKey, "This account already has data: type the passphrase shown on your first device.");
        }

        progress?.Report("Deriving the encryption key (about a second)…");
        foreach (var candidate in (string[])[passphrase, .. PassphraseForms.Alternatives(passphrase)])
        {
            if (candidate != passphrase)
            {
                progress?.Report("Trying the passphrase as it was generated (Title-Case words joined by '-')…");
            }

            var key = await KeyDerivation.DeriveKeyAsync(secrets.Password, candidate, cancellationToken);
            if (await MatchesAsync(key, verifier, cancellationToken))
            {
                return (key, candidate, false);
            }
        }

        throw new SyncException(SyncFailure.WrongKey, KeyMismatchException.DefaultMessage);
    }

    private static async Task<bool> MatchesAsync(EncryptionKey key, string verifier, CancellationToken cancellationToken)
    {
        try
        {
            return await KeyVerifier.VerifyAsync(key, verifier, cancellationToken);
        }
        catch (FormatException exception)
        {
            throw new SyncException(SyncFailure.Protocol, "The server's key verifier is damaged.", exception);
        }
    }

    private async Task<UserProfile?> TryLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _profiles.LoadAsync(cancellationToken);
        }
        catch (ProfileCorruptException)
        {
            return null; // a damaged profile cannot keep a key: the full sign-in replaces it
        }
    }

    private static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
