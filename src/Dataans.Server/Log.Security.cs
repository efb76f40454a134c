namespace Dataans.Server;

/// <summary>Log messages of the fairness limits, the signing-key cache and the sign-in hand-off (event ids 30–49).</summary>
internal static partial class Log
{
    [LoggerMessage(30, LogLevel.Information, "Refused {Method} {Path} with 429: {Reason}")]
    public static partial void RateLimited(ILogger logger, string method, string path, string reason);
}
