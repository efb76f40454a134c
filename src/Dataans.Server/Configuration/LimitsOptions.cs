namespace Dataans.Server.Configuration;

/// <summary>Request and paging limits (section <c>Limits</c>); <c>GET /v2/info</c> publishes them.</summary>
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest JSON request body (v1 and v2 operation pushes, verifier).</summary>
    public long MaxJsonBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest stored file.</summary>
    public long MaxFileBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest body of every other route (a verifier, a sign-in form); routes without a body need none.</summary>
    public long MaxSmallBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Operations in one v2 push; a v1 push is stored in transactions of this many.</summary>
    public int MaxOpsPerPush { get; set; } = 1000;

    /// <summary>
    /// Operations in one v1 push (<c>POST /data/operation</c>). The original client sends everything the
    /// server lacks in one request, so this is far above <see cref="MaxOpsPerPush"/>: 50,000 of its
    /// operations (about 1.3 KB of JSON each) fill <see cref="MaxJsonBodyBytes"/>.
    /// </summary>
    public int MaxOpsPerV1Push { get; set; } = 50_000;

    public int MaxPullLimit { get; set; } = 1000;

    public int DefaultPullLimit { get; set; } = 500;

    /// <summary>A pull page stops after this many bytes of operation data (at least one op is returned).</summary>
    public int MaxPullBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest <c>data</c> of one operation.</summary>
    public int MaxOperationBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxItemsPerBlock { get; set; } = 1_000_000;

    public int MaxVerifierLength { get; set; } = 1024;

    /// <summary>
    /// Seconds between keep-alive comments on <c>/v2/events</c>; at each one the stream's credential is
    /// checked again (a removed token or an expired JWT ends the stream).
    /// </summary>
    public int EventKeepAliveSeconds { get; set; } = 15;

    /// <summary>Largest sealed inbox item (a capture with its files, padded and sealed).</summary>
    public long MaxInboxItemBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Most sealed items waiting in one user's inbox.</summary>
    public int MaxInboxItems { get; set; } = 1000;

    /// <summary>Most bytes of sealed items waiting in one user's inbox.</summary>
    public long MaxInboxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Failed sign-ins one client address may make per minute before its requests get 429 (0: no limit).</summary>
    public int SignInFailuresPerMinute { get; set; }

    /// <summary>How long shutdown waits for in-flight requests.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;
}
