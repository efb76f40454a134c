using System.Globalization;
using System.Security.Claims;

namespace Dataans.Server.Auth;

/// <summary>The authenticated user's store key, put on the principal by every auth scheme, and when its credential ends.</summary>
internal static class SyncUser
{
    public const string ClaimType = "dataans:user";
    public const string ExpiresClaimType = "dataans:expires";
    public const string TokenIdClaimType = "dataans:token-id";
    public const int MaxLength = 256;

    public static string Get(HttpContext context) =>
        context.User.FindFirstValue(ClaimType) ?? throw new InvalidOperationException("The endpoint requires authorization.");

    /// <summary>When the request's credential stops being valid (a JWT's <c>exp</c>), or null (token mode).</summary>
    public static DateTimeOffset? Expires(HttpContext context) =>
        long.TryParse(context.User.FindFirstValue(ExpiresClaimType), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The id of the device token the request came with (token mode), or null.</summary>
    public static long? TokenId(HttpContext context) =>
        long.TryParse(context.User.FindFirstValue(TokenIdClaimType), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static ClaimsIdentity CreateIdentity(string user, string authenticationType, DateTimeOffset? expires = null, long? tokenId = null)
    {
        List<Claim> claims = [new Claim(ClaimType, user)];
        if (tokenId is { } id)
        {
            claims.Add(new Claim(TokenIdClaimType, id.ToString(CultureInfo.InvariantCulture)));
        }

        if (expires is { } at)
        {
            claims.Add(new Claim(ExpiresClaimType, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsIdentity(claims, authenticationType, ClaimType, null);
    }
}
