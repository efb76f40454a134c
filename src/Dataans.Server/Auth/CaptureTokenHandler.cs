using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Dataans.Server.Storage.Inbox;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer dci_…</c> on the capture routes only: a capture token lets its holder read
/// the inbox public key and post sealed items to its user's inbox, nothing else (it carries no
/// <see cref="SyncUser.ClaimType"/>, and the other routes never ask this scheme). The link is looked up
/// on every request, so a revoked or expired link stops working at once.
/// </summary>
internal sealed class CaptureTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IInboxStore inbox,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Capture";
    public const string PolicyName = "Capture";
    public const string UserClaimType = "dataans:capture-user";
    public const string LinkClaimType = "dataans:capture-link";
    public const string TokenPrefix = "dci_";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            return AuthenticateResult.Fail("The Authorization header is not 'Bearer TOKEN'.");
        }

        var token = TokenAuthenticationHandler.ReadToken(header);
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("Not a capture token.");
        }

        var link = await inbox.FindLinkAsync(TokenAuthenticationHandler.HashToken(token), Context.RequestAborted);
        if (link is null || (link.ExpiresAtUnixSeconds is { } expires && expires <= time.GetUtcNow().ToUnixTimeSeconds()))
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired capture token.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(UserClaimType, link.User), new Claim(LinkClaimType, link.Id.ToString())], SchemeName, UserClaimType, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The user and link of an authenticated capture request.</summary>
    public static (string User, Guid Link) Get(HttpContext context) =>
        (context.User.FindFirstValue(UserClaimType) ?? throw new InvalidOperationException("The endpoint requires a capture token."),
         Guid.Parse(context.User.FindFirstValue(LinkClaimType)!));

    /// <summary>A new capture token: <c>dci_</c> and 32 random bytes in base64url.</summary>
    public static string NewToken() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
