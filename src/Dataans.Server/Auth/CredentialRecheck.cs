using Dataans.Server.Storage;

namespace Dataans.Server.Auth;

/// <summary>
/// Checks a long-lived request's credential again: a token removed with <c>user remove</c> (by any
/// instance or the admin command) or a JWT past its <c>exp</c> no longer counts.
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
        return await tokens.FindAsync(TokenAuthenticationHandler.HashToken(token), cancellationToken) == SyncUser.Get(context);
    }
}
