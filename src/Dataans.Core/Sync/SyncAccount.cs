using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// Signs a device in to a sync server and out again. The server's auth mode is learned from
/// <c>GET /v2/info</c>; the key is derived from the password and passphrase and, on a later device,
/// checked against the server's key verifier before anything is written locally. Thread-safe.
/// </summary>
internal sealed class SyncAccount(DataansStore store, ProfileStore profiles, Func<Uri, AuthMode, string?, SyncHttpClient>? clientFactory = null)
{
    private readonly Func<Uri, AuthMode, string?, SyncHttpClient> _clientFactory = clientFactory ?? ((url, mode, token) => new SyncHttpClient(url, mode, token));

    public static SyncAccount Create(DataansStore store) => new(store, new ProfileStore(store.Directory.Root));

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
    /// Signs in. With no verifier on the server this is the first device: the passphrase is the one
    /// given or a generated one, and the verifier is stored. Otherwise the passphrase is required and
    /// the derived key must match. Returns the profile and whether the passphrase was generated.
    /// </summary>
    /// <exception cref="SyncException">Unreachable, token rejected, or wrong password/passphrase.</exception>
    public async Task<(UserProfile Profile, bool GeneratedPassphrase)> SignInAsync(
        Uri server, string token, string password, string? passphrase, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("A password is needed to derive the encryption key.", nameof(password));
        }

        var mode = await DiscoverAuthModeAsync(server, cancellationToken);
        using var client = _clientFactory(server, mode, token);
        await client.CheckAuthAsync(cancellationToken);
        var verifier = await client.GetVerifierAsync(cancellationToken);
        var generated = false;
        if (verifier is null && string.IsNullOrWhiteSpace(passphrase))
        {
            passphrase = PassphraseGenerator.Generate();
            generated = true;
        }
        else if (string.IsNullOrWhiteSpace(passphrase))
        {
            throw new SyncException(SyncFailure.WrongKey, "This account already has data: type the passphrase shown on your first device.");
        }

        progress?.Report("Deriving the encryption key (about a second)…");
        var key = await KeyDerivation.DeriveKeyAsync(password, passphrase!, cancellationToken);
        if (verifier is null)
        {
            await client.PutVerifierAsync(await KeyVerifier.CreateAsync(key, cancellationToken), cancellationToken);
        }
        else
        {
            try
            {
                await KeyVerifier.EnsureMatchesAsync(key, verifier, cancellationToken);
            }
            catch (KeyMismatchException exception)
            {
                throw new SyncException(SyncFailure.WrongKey, exception.Message, exception);
            }
            catch (FormatException exception)
            {
                throw new SyncException(SyncFailure.Protocol, "The server's key verifier is damaged.", exception);
            }
        }

        var profile = new UserProfile
        {
            ServerUrl = server,
            AuthMode = mode,
            AuthToken = token,
            SecretKey = key,
            Passphrase = passphrase!,
            SyncMode = SyncMode.Manual,
        };
        await store.SyncLedger.ResetPositionAsync(cancellationToken);
        await profiles.SaveAsync(profile, cancellationToken);
        return (profile, generated);
    }

    /// <summary>Removes the profile (key, token, passphrase); local notes stay.</summary>
    public async Task<bool> SignOutAsync(CancellationToken cancellationToken = default)
    {
        var removed = await profiles.DeleteAsync(cancellationToken);
        await store.SyncLedger.ResetPositionAsync(cancellationToken);
        return removed;
    }

    public Task<UserProfile?> LoadProfileAsync(CancellationToken cancellationToken = default) => profiles.LoadAsync(cancellationToken);

    public async Task SetModeAsync(SyncMode mode, CancellationToken cancellationToken = default)
    {
        var profile = await profiles.LoadAsync(cancellationToken)
            ?? throw new SyncException(SyncFailure.NotSignedIn, "This device is not signed in to a sync server.");
        await profiles.SaveAsync(profile with { SyncMode = mode }, cancellationToken);
    }
}
