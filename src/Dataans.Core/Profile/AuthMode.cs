namespace Dataans.Core.Profile;

/// <summary>
/// How the app authenticates to the sync server. Stored as <c>auth_mode</c> (<c>"cloudflare"</c>,
/// <c>"token"</c>, <c>"oidc"</c>); a profile without it was written by the original, which only knew
/// Cloudflare Access.
/// </summary>
public enum AuthMode
{
    /// <summary>A Cloudflare Access JWT sent as <c>Cf-Access-Jwt-Assertion</c>.</summary>
    Cloudflare,

    /// <summary>A per-user token issued by <c>dataans-server user add</c>.</summary>
    Token,

    /// <summary>A bearer token from an OpenID Connect issuer.</summary>
    Oidc,
}
