using System.Security.Claims;
using Dataans.Contracts.Sync;
using Dataans.Server.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;

namespace Dataans.Server.Auth;

/// <summary>
/// Who of those the identity provider signs tokens for may have an account (cloudflare and oidc modes):
/// the allow-lists <c>Auth:AllowedUsers</c> and <c>Auth:AllowedDomains</c> (either admits), the required
/// claim <c>Auth:RequiredClaim</c> (<c>name=value</c>, e.g. a group), and in oidc mode with the
/// <c>email</c> claim an address the issuer verified (<c>email_verified</c>). A refused identity gets 403
/// with a sentence that says why. Stateless and thread-safe.
/// </summary>
internal static class AccountGate
{
    private const string RefusalItem = "dataans:refused";

    /// <summary>Null when <paramref name="user"/> may use the server, else the one-sentence reason.</summary>
    public static string? Refusal(ClaimsPrincipal principal, string user, AuthOptions auth, AuthMode mode)
    {
        if (mode == AuthMode.Oidc && string.Equals(auth.UserClaim, "email", StringComparison.Ordinal)
            && !principal.FindAll("email_verified").Any(claim => string.Equals(claim.Value, "true", StringComparison.OrdinalIgnoreCase)))
        {
            return "The identity provider has not verified this account's email address (email_verified), which names the account here: verify it there first.";
        }

        if (auth.ParsedRequiredClaim is var (name, value) && !principal.FindAll(name).Any(claim => string.Equals(claim.Value, value, StringComparison.Ordinal)))
        {
            return $"This account lacks the claim {name}={value} that this sync server requires; ask its operator.";
        }

        var users = AuthOptions.SplitList(auth.AllowedUsers);
        var domains = AuthOptions.SplitList(auth.AllowedDomains);
        if (users.Count == 0 && domains.Count == 0)
        {
            return null;
        }

        var at = user.LastIndexOf('@');
        var admitted = users.Contains(user, StringComparer.Ordinal)
            || (at > 0 && domains.Any(domain => string.Equals(user[(at + 1)..], domain.TrimStart('@'), StringComparison.OrdinalIgnoreCase)));
        return admitted ? null : "This account is not on this sync server's allow-list; ask its operator.";
    }

    /// <summary>Marks the request refused (the token itself was valid) and fails authentication.</summary>
    public static void Refuse(TokenValidatedContext context, string reason)
    {
        context.HttpContext.Items[RefusalItem] = reason;
        Log.IdentityRefused(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dataans.Server.Auth"), reason);
        context.Fail(reason);
    }

    /// <summary>A refused identity is answered 403 with its reason, not the 401 of a bad token.</summary>
    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        if (context.HttpContext.Items[RefusalItem] is not string reason)
        {
            return;
        }

        context.HandleResponse();
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        var details = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "This account is not allowed here.", Detail = reason };
        details.Extensions["code"] = ProblemCodes.Unauthorized;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details });
    }
}
