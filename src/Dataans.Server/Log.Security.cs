namespace Dataans.Server;

/// <summary>Log messages of the fairness limits, the signing-key cache and the sign-in hand-off (event ids 30–49).</summary>
internal static partial class Log
{
    [LoggerMessage(30, LogLevel.Information, "Refused {Method} {Path} with 429: {Reason}")]
    public static partial void RateLimited(ILogger logger, string method, string path, string reason);

    [LoggerMessage(31, LogLevel.Information, "Fetched {KeyCount} signing keys of the OpenID provider")]
    public static partial void OidcKeysFetched(ILogger logger, int keyCount);

    [LoggerMessage(32, LogLevel.Warning, "Fetching the OpenID provider's configuration and keys failed; the cached keys stay in use")]
    public static partial void OidcKeysFetchFailed(ILogger logger, Exception exception);

    [LoggerMessage(33, LogLevel.Warning, "Auth mode {AuthMode} without --allow-users, --allow-domains or --require-claim: every identity the identity provider signs a token for gets an account here")]
    public static partial void NoAccountGate(ILogger logger, string authMode);

    [LoggerMessage(34, LogLevel.Information, "Authenticated identity refused: {Reason}")]
    public static partial void IdentityRefused(ILogger logger, string reason);
}
