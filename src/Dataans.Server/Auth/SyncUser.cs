using System.Globalization;
using System.Security.Claims;

namespace Dataans.Server.Auth;

/// <summary>The authenticated user's store key, put on the principal by every auth scheme, and when its credential ends.</summary>
internal static class SyncUser
{
    public const string ClaimType = "dataans:user";
    public const string ExpiresClaimType = "dataans:expires";
    public const int MaxLength = 256;

    public static string Get(HttpContext context) =>
        context.User.FindFirstValue(ClaimType) ?? throw new InvalidOperationException("The endpoint requires authorization.");

    /// <summary>When the request's credential stops being valid (a JWT's <c>exp</c>), or null (token mode).</summary>
    public static DateTimeOffset? Expires(HttpContext context) =>
        long.TryParse(context.User.FindFirstValue(ExpiresClaimType), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static ClaimsIdentity CreateIdentity(string user, string authenticationType, DateTimeOffset? expires = null)
    {
        List<Claim> claims = [new Claim(ClaimType, user)];
        if (expires is { } at)
        {
            claims.Add(new Claim(ExpiresClaimType, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsIdentity(claims, authenticationType, ClaimType, null);
    }
}
