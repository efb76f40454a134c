using System.Globalization;
using System.Threading.RateLimiting;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dataans.Server.RateLimiting;

/// <summary>
/// Fairness between users with ASP.NET Core's rate limiting, partitioned by the authenticated user
/// (by client address before authentication): a request rate (token bucket), a cap on running requests
/// with a short queue, one running push per user (pushes serialize per user in the store anyway, so more
/// would only hold the database's write lock longer for others) and a cap on open event streams. A
/// refusal is 429 with <c>Retry-After</c> and a problem body whose <c>code</c> is <c>rate-limited</c>.
/// </summary>
internal static class UserRateLimiting
{
    public static IServiceCollection AddUserRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<UserLimiters>();
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureLimiter>();
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>After authentication (the partition is the user) and before the endpoints run.</summary>
    public static IApplicationBuilder UseUserRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>The partition: the user the request authenticated as, else the client address.</summary>
    internal static string PartitionOf(HttpContext context) =>
        context.User.FindFirst(SyncUser.ClaimType)?.Value is { } user
            ? "user:" + user
            : "addr:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    internal static bool IsExempt(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value is "/health" or "/health/" or "/health/ready";

    /// <summary>
    /// The partition of a request made with a capture token: its SHA-256 (the link's identity, as the
    /// server stores it), or null for any other request. Limiting before authentication keeps the
    /// link lookup itself behind the limit.
    /// </summary>
    internal static string? CapturePartitionOf(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v2/capture"))
        {
            return null;
        }

        var token = TokenAuthenticationHandler.ReadToken(context.Request.Headers.Authorization.ToString());
        return token.StartsWith(CaptureTokenHandler.TokenPrefix, StringComparison.Ordinal) && token.Length <= 512
            ? "capture:" + Convert.ToHexString(TokenAuthenticationHandler.HashToken(token))
            : null;
    }

    internal static bool IsEventStream(HttpContext context) => context.Request.Path.StartsWithSegments("/v2/events");

    internal static bool IsPush(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.Request.Path.Equals("/v2/ops", StringComparison.Ordinal) || context.Request.Path.Equals("/data/operation", StringComparison.Ordinal));

    private sealed class ConfigureLimiter(UserLimiters limiters, IOptions<RateLimitOptions> options) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions rateLimiter)
        {
            rateLimiter.GlobalLimiter = limiters.Chain;
            rateLimiter.OnRejected = (context, cancellationToken) => RejectAsync(context, options.Value, cancellationToken);
        }
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, RateLimitOptions options, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : options.BusyRetryAfterSeconds;
        var capture = CapturePartitionOf(http) is not null;
        var what = IsEventStream(http) ? "too many open event streams"
            : capture ? "too many captures through one link" : "too many requests at once or too fast";
        Log.RateLimited(http.RequestServices.GetRequiredService<ILogger<RateLimitOptions>>(), http.Request.Method, http.Request.Path, what);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = capture ? $"This capture link sent too many captures; retry after {seconds} s." : $"This account has {what}; retry after {seconds} s.",
        };
        details.Extensions["code"] = ProblemCodes.RateLimited;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = details,
        });
    }
}

/// <summary>The partitioned limiters, built once from the options. Thread-safe.</summary>
internal sealed class UserLimiters : IDisposable
{
    public UserLimiters(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        var rate = PartitionedRateLimiter.Create<HttpContext, string>(context => UserRateLimiting.IsExempt(context)
            ? RateLimitPartition.GetNoLimiter("exempt")
            : RateLimitPartition.GetTokenBucketLimiter(UserRateLimiting.PartitionOf(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.RequestBurstPerUser,
                TokensPerPeriod = o.RequestsPerSecondPerUser,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        var streams = PartitionedRateLimiter.Create<HttpContext, string>(context => UserRateLimiting.IsEventStream(context)
            ? RateLimitPartition.GetConcurrencyLimiter(UserRateLimiting.PartitionOf(context), _ => Concurrency(o.EventStreamsPerUser, 0))
            : RateLimitPartition.GetNoLimiter("not-a-stream"));
        var requests = PartitionedRateLimiter.Create<HttpContext, string>(context => UserRateLimiting.IsExempt(context) || UserRateLimiting.IsEventStream(context)
            ? RateLimitPartition.GetNoLimiter("exempt")
            : RateLimitPartition.GetConcurrencyLimiter(UserRateLimiting.PartitionOf(context), _ => Concurrency(o.ConcurrentRequestsPerUser, o.QueuedRequestsPerUser)));
        var pushes = PartitionedRateLimiter.Create<HttpContext, string>(context => UserRateLimiting.IsPush(context)
            ? RateLimitPartition.GetConcurrencyLimiter(UserRateLimiting.PartitionOf(context), _ => Concurrency(o.ConcurrentPushesPerUser, o.QueuedPushesPerUser))
            : RateLimitPartition.GetNoLimiter("not-a-push"));
        var captures = PartitionedRateLimiter.Create<HttpContext, string>(context => UserRateLimiting.CapturePartitionOf(context) is { } link
            ? RateLimitPartition.GetTokenBucketLimiter(link, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.CaptureBurstPerLink,
                // Refilled at most once a second (a faster timer would only burn CPU): one token every
                // 60/N seconds up to 60 a minute, else N/60 (rounded up) every second.
                TokensPerPeriod = (o.CapturesPerMinutePerLink + 59) / 60,
                ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1.0, 60.0 / o.CapturesPerMinutePerLink)),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("not-a-capture"));
        _parts = [captures, rate, streams, requests, pushes];
        Chain = PartitionedRateLimiter.CreateChained(captures, rate, streams, requests, pushes);
    }

    private readonly PartitionedRateLimiter<HttpContext>[] _parts;

    public PartitionedRateLimiter<HttpContext> Chain { get; }

    public void Dispose()
    {
        Chain.Dispose();
        foreach (var part in _parts)
        {
            part.Dispose();
        }
    }

    private static ConcurrencyLimiterOptions Concurrency(int permits, int queue) => new()
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
        options.ConcurrentRequestsPerUser < 1 || options.QueuedRequestsPerUser < 0 || options.ConcurrentPushesPerUser < 1
        || options.QueuedPushesPerUser < 0 || options.RequestsPerSecondPerUser < 1 || options.RequestBurstPerUser < 1
        || options.EventStreamsPerUser < 1 || options.BusyRetryAfterSeconds < 1 || options.CapturesPerMinutePerLink < 1 || options.CaptureBurstPerLink < 1
            ? ValidateOptionsResult.Fail("RateLimits must be positive (the queue sizes may be 0).")
            : ValidateOptionsResult.Success;
}
