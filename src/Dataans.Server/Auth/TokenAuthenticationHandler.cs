using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dataans.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> where TOKEN was printed by <c>dataans-server user add</c> or
/// <c>user token add</c> (one per device); only its
/// SHA-256 is stored (a 256-bit random token needs no slow hash).
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ITokenStore tokens,
    TimeProvider timeProvider)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Token";

    /// <summary>How stale a token's "last used" time may be before a request writes it again.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(10);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            AuthSetup.LogFailure(Context, "the Authorization header is not 'Bearer TOKEN'");
            return AuthenticateResult.Fail("The Authorization header is not 'Bearer TOKEN'.");
        }

        var match = await tokens.FindAsync(HashToken(ReadToken(header)), Context.RequestAborted);
        if (match is null)
        {
            AuthSetup.LogFailure(Context, "unknown or revoked token");
            return AuthenticateResult.Fail("Unknown token.");
        }

        // "Last used" is kept to within LastUsedResolution, so a busy device writes it rarely.
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (match.LastUsedAtUnixSeconds is not { } lastUsed || now - lastUsed >= (long)LastUsedResolution.TotalSeconds)
        {
            await tokens.MarkUsedAsync(match.TokenId, now, Context.RequestAborted);
        }

        var principal = new ClaimsPrincipal(SyncUser.CreateIdentity(match.User, SchemeName, tokenId: match.TokenId));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The token of an <c>Authorization: Bearer TOKEN</c> header (empty if the header is shorter).</summary>
    public static string ReadToken(string header) => header.Length > "Bearer ".Length ? header["Bearer ".Length..].Trim() : string.Empty;

    /// <summary>A new token: <c>dst_</c> and 32 random bytes in base64url.</summary>
    public static string NewToken() =>
        "dst_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
