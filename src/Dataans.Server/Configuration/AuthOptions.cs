namespace Dataans.Server.Configuration;

/// <summary>Who may call the server (section <c>Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>token</c> (default), <c>cloudflare</c> or <c>oidc</c>.</summary>
    public string Mode { get; set; } = "token";

    /// <summary>The JWT claim that names the user (cloudflare and oidc modes).</summary>
    public string UserClaim { get; set; } = "sub";

    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>Users (values of the user claim) who may have an account, separated by commas or spaces; empty admits everyone the identity provider admits (unless <see cref="AllowedDomains"/> is set).</summary>
    public string? AllowedUsers { get; set; }

    /// <summary>Email domains whose users may have an account (the part after the last <c>@</c> of the user, case-insensitive), separated by commas or spaces.</summary>
    public string? AllowedDomains { get; set; }

    /// <summary>A claim every token must carry, as <c>name=value</c> (e.g. <c>groups=dataans</c>; one value of an array claim is enough).</summary>
    public string? RequiredClaim { get; set; }

    /// <summary>In cloudflare/oidc mode, whether token-mode users in the store are meant to be the JWT identities of the same name (otherwise the server refuses to start with them).</summary>
    public bool AdoptTokenUsers { get; set; }

    public (string Name, string Value)? ParsedRequiredClaim =>
        RequiredClaim is { Length: > 0 } text && text.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals && equals < text.Length - 1
            ? (text[..equals].Trim(), text[(equals + 1)..].Trim())
            : null;

    public bool HasAccountGate => SplitList(AllowedUsers).Count > 0 || SplitList(AllowedDomains).Count > 0 || !string.IsNullOrWhiteSpace(RequiredClaim);

    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? string.Empty).Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public CloudflareOptions Cloudflare { get; set; } = new();

    public OidcOptions Oidc { get; set; } = new();

    public AuthMode ParsedMode => Mode.ToUpperInvariant() switch
    {
        "TOKEN" => AuthMode.Token,
        "CLOUDFLARE" => AuthMode.Cloudflare,
        "OIDC" => AuthMode.Oidc,
        _ => AuthMode.Invalid,
    };
}

internal enum AuthMode
{
    Invalid,
    Token,
    Cloudflare,
    Oidc,
}

/// <summary>Cloudflare Access: the team and the application's AUD tag.</summary>
internal sealed class CloudflareOptions
{
    /// <summary>Team name: <c>TEAM</c> in <c>https://TEAM.cloudflareaccess.com</c>.</summary>
    public string? Team { get; set; }

    /// <summary>The Access application's Application Audience (AUD) tag.</summary>
    public string? Aud { get; set; }

    /// <summary>Override of <c>https://TEAM.cloudflareaccess.com/cdn-cgi/access/certs</c>.</summary>
    public string? CertsUrl { get; set; }

    /// <summary>Override of the expected issuer <c>https://TEAM.cloudflareaccess.com</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Keys are refetched at most this often when a token names an unknown key id.</summary>
    public int CertsMinRefreshSeconds { get; set; } = 30;

    /// <summary>Keys are refetched after this long in any case.</summary>
    public int CertsCacheMinutes { get; set; } = 60;

    public string ResolvedIssuer => Issuer is { Length: > 0 } ? Issuer : $"https://{Team}.cloudflareaccess.com";

    public string ResolvedCertsUrl => CertsUrl is { Length: > 0 } ? CertsUrl : $"{ResolvedIssuer}/cdn-cgi/access/certs";
}

/// <summary>Any OpenID Connect issuer with discovery.</summary>
internal sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Keys are refreshed in the background after this long.</summary>
    public int KeysCacheMinutes { get; set; } = 60;

    /// <summary>Keys are refetched at most this often when a token names an unknown key id.</summary>
    public int KeysMinRefreshSeconds { get; set; } = 30;
}
