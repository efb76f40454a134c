using System.Text.Json;
using Dataans.Core.Crypto;

namespace Dataans.Core.Profile;

/// <summary>
/// What <c>profile.json</c> holds for a signed-in user: the sync server, how to authenticate, the
/// derived key and passphrase, the sync mode and the sync position. Immutable (use <c>with</c>) and
/// thread-safe. <see cref="ToString"/> omits every secret.
/// </summary>
public sealed record UserProfile
{
    /// <summary>The sync server's base URL (<c>sync_config.url</c>), absolute http or https.</summary>
    public required Uri ServerUrl { get; init; }

    /// <summary><c>sync_config.mode</c>.</summary>
    public SyncMode SyncMode { get; init; } = SyncMode.Manual;

    /// <summary><c>auth_mode</c>; Cloudflare for profiles written by the original.</summary>
    public AuthMode AuthMode { get; init; } = AuthMode.Cloudflare;

    /// <summary><c>auth_token</c>: the bearer credential for the server. Secret.</summary>
    public required string AuthToken { get; init; }

    /// <summary><c>secret_key</c>: the derived encryption key, stored as a JSON array of 32 numbers. Secret.</summary>
    public required EncryptionKey SecretKey { get; init; }

    /// <summary><c>salt</c>: the passphrase (kept so the user can set up another device). Secret.</summary>
    public required string Passphrase { get; init; }

    /// <summary><c>sync_cursor</c>: the last server sequence number this device has applied, if any.</summary>
    public long? SyncCursor { get; init; }

    /// <summary><c>sync_epoch</c>: the server's data epoch the cursor belongs to, if any.</summary>
    public string? SyncEpoch { get; init; }

    /// <summary><c>oidc</c>: how to renew the access token of an OpenID Connect sign-in; null otherwise.</summary>
    public OidcSession? Oidc { get; init; }

    /// <summary>
    /// <c>sign_in_required</c>: the server refused this device's credential (expired or revoked) and it
    /// could not be renewed silently. The key stays; automatic sync pauses until the user signs in again.
    /// </summary>
    public bool SignInRequired { get; init; }

    /// <summary>Top-level fields this version does not know, kept so that saving does not drop them.</summary>
    internal IReadOnlyDictionary<string, JsonElement>? UnknownFields { get; init; }

    /// <summary>Fields inside <c>sync_config</c> this version does not know, kept for the same reason.</summary>
    internal IReadOnlyDictionary<string, JsonElement>? UnknownSyncConfigFields { get; init; }

    /// <summary>The server URL, modes and sync position; never the token, key or passphrase.</summary>
    public override string ToString() =>
        $"UserProfile {{ ServerUrl = {ServerUrl}, AuthMode = {AuthMode}, SyncMode = {SyncMode}, SyncCursor = {SyncCursor}, SyncEpoch = {SyncEpoch}, Oidc = {Oidc}, SignInRequired = {SignInRequired} }}";
}
