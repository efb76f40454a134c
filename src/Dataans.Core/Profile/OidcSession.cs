namespace Dataans.Core.Profile;

/// <summary>
/// An OpenID Connect sign-in this device can renew without the user: the issuer and public client it
/// signed in with, the refresh token, and when the current access token (the profile's
/// <c>auth_token</c>) expires. Stored as <c>oidc</c> in <c>profile.json</c>. Immutable and thread-safe;
/// <see cref="ToString"/> omits the refresh token.
/// </summary>
public sealed record OidcSession
{
    /// <summary>The issuer (authority) whose discovery document names the endpoints.</summary>
    public required Uri Issuer { get; init; }

    /// <summary>The public client id the operator registered for the app.</summary>
    public required string ClientId { get; init; }

    /// <summary>The scopes asked for (always <c>openid offline_access</c> plus any extra).</summary>
    public required string Scope { get; init; }

    /// <summary>The resource indicator (RFC 8707) asked for, so the access token is meant for the sync server; optional.</summary>
    public string? Resource { get; init; }

    /// <summary>The refresh token; null when the issuer gave none (then an expired token needs the browser again). Secret.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When the access token expires, as the issuer said; null when unknown.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    /// <summary>The issuer, client, scope, resource and expiry; never a token.</summary>
    public override string ToString() =>
        $"OidcSession {{ Issuer = {Issuer}, ClientId = {ClientId}, Scope = {Scope}, Resource = {Resource}, AccessTokenExpiresAt = {AccessTokenExpiresAt:O} }}";
}
