using Dataans.Server.Storage;

namespace Dataans.Server.Auth;

/// <summary>
/// Checks a long-lived request's credential again: a token revoked by any instance or admin command
/// (<c>user token revoke</c>, <c>user remove</c>, a device's <c>sync logout</c>) or a JWT past its
/// <c>exp</c> no longer counts.
/// </summary>
internal static class CredentialRecheck
{
    public static async Task<bool> StillValidAsync(HttpContext context, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (SyncUser.Expires(context) is { } expires && timeProvider.GetUtcNow() >= expires)
        {
            return false;
        }

        if (context.User.Identity?.AuthenticationType != TokenAuthenticationHandler.SchemeName)
        {
            return true;
        }

        var token = TokenAuthenticationHandler.ReadToken(context.Request.Headers.Authorization.ToString());
        var tokens = context.RequestServices.GetRequiredService<ITokenStore>();
        var match = await tokens.FindAsync(TokenAuthenticationHandler.HashToken(token), cancellationToken);
        return match is not null && match.User == SyncUser.Get(context);
    }
}
