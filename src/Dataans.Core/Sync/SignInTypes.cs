using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

/// <summary>
/// What a device presents to the sync server: the access token (a server token, a Cloudflare Access
/// JWT, or an OpenID Connect access token) and, for OpenID Connect, the session that renews it.
/// Immutable; <see cref="ToString"/> omits the token.
/// </summary>
public sealed record SignInCredential(string AccessToken, OidcSession? Oidc = null)
{
    /// <summary>The OpenID Connect session only; never the token.</summary>
    public override string ToString() => $"SignInCredential {{ Oidc = {Oidc} }}";
}

/// <summary>The password and passphrase, asked for only when the key must be derived. <see cref="ToString"/> omits both.</summary>
/// <param name="Passphrase">Null or blank on a first device to get a generated one.</param>
public sealed record KeySecrets(string Password, string? Passphrase)
{
    /// <summary>Neither the password nor the passphrase.</summary>
    public override string ToString() => "KeySecrets { … }";
}

/// <summary>The result of a sign-in.</summary>
/// <param name="GeneratedPassphrase">A first device: the passphrase was generated and must be shown once.</param>
/// <param name="KeptKey">A sign-in again: the account's verifier still matches this device's key, so no password was asked.</param>
public sealed record SignInOutcome(UserProfile Profile, bool GeneratedPassphrase, bool KeptKey);
