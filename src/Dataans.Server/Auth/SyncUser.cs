using System.Security.Claims;

namespace Dataans.Server.Auth;

/// <summary>The authenticated user's store key, put on the principal by every auth scheme.</summary>
internal static class SyncUser
{
    public const string ClaimType = "dataans:user";
    public const int MaxLength = 256;

    public static string Get(HttpContext context) =>
        context.User.FindFirstValue(ClaimType) ?? throw new InvalidOperationException("The endpoint requires authorization.");

    public static ClaimsIdentity CreateIdentity(string user, string authenticationType) =>
        new([new Claim(ClaimType, user)], authenticationType, ClaimType, null);
}
