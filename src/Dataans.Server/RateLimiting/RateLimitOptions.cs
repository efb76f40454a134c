namespace Dataans.Server.RateLimiting;

/// <summary>
/// Per-user fairness limits (section <c>RateLimits</c>): what one user (or, before authentication, one
/// client address) may have in flight and how fast it may ask. Each server instance counts on its own.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests one user may have running at once (event streams not counted).</summary>
    public int ConcurrentRequestsPerUser { get; set; } = 8;

    /// <summary>Requests that wait for a free slot beyond <see cref="ConcurrentRequestsPerUser"/>; more get 429.</summary>
    public int QueuedRequestsPerUser { get; set; } = 32;

    /// <summary>Operation pushes (v1 and v2) one user may have running at once: they serialize per user anyway.</summary>
    public int ConcurrentPushesPerUser { get; set; } = 1;

    /// <summary>Pushes that wait for the user's running push; more get 429.</summary>
    public int QueuedPushesPerUser { get; set; } = 8;

    /// <summary>Sustained requests per second of one user (a token bucket refilled every second).</summary>
    public int RequestsPerSecondPerUser { get; set; } = 200;

    /// <summary>How many requests one user may make at once above the sustained rate.</summary>
    public int RequestBurstPerUser { get; set; } = 400;

    /// <summary>
    /// Open <c>/v2/events</c> streams of one user: one per device, so room for a household's devices on one
    /// account (a device refused a stream hears of changes only at its periodic sync, minutes later).
    /// </summary>
    public int EventStreamsPerUser { get; set; } = 32;

    /// <summary>
    /// Sustained captures per minute through one capture link (<c>/v2/capture/*</c> with its token): a
    /// leaked or looping link is slowed on its own, without touching its account's sync or other links.
    /// </summary>
    public int CapturesPerMinutePerLink { get; set; } = 60;

    /// <summary>How many capture requests one link may make at once above the sustained rate.</summary>
    public int CaptureBurstPerLink { get; set; } = 20;

    /// <summary>Seconds a client is told to wait (<c>Retry-After</c>) when a concurrency limit refused it.</summary>
    public int BusyRetryAfterSeconds { get; set; } = 1;
}
