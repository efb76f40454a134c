using System.Net;
using System.Net.Http.Json;

namespace Dataans.Core.Sync;

/// <summary>
/// Honours the server's fairness limits: a 429 answer is waited out for its <c>Retry-After</c> (at most
/// <see cref="MaxWait"/>, 1 s when absent, plus up to a quarter more at random so the device's parallel
/// requests do not all come back in the same instant) and the request sent again, until the waits add
/// up to <see cref="MaxTotalWait"/>. Only requests whose body can be sent twice are repeated (none,
/// bytes or buffered JSON); a streamed upload's 429 goes back to the caller, whose own retry resumes
/// it. <c>waiting</c>, when given, hears of each wait before it starts (so a command can say it waits).
/// Thread-safe.
/// </summary>
internal sealed class RetryAfterHandler(HttpMessageHandler inner, TimeProvider? time = null, Action<TimeSpan>? waiting = null) : DelegatingHandler(inner)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    /// <summary>How long one request may spend waiting out 429 answers before the last one is returned.</summary>
    public static readonly TimeSpan MaxTotalWait = TimeSpan.FromMinutes(3);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || waited >= MaxTotalWait
                || request.Content is not (null or ByteArrayContent or JsonContent))
            {
                return response;
            }

            var wait = WithJitter(RetryAfter(response, _time.GetUtcNow()));
            response.Dispose();
            waiting?.Invoke(wait);
            await Task.Delay(wait, _time, cancellationToken);
            waited += wait;
        }
    }

    /// <summary>How long a 429 answer asks the client to wait, within [0, <see cref="MaxWait"/>].</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
    }

    /// <summary>The wait plus 0–25 % (at least 0–50 ms), so requests refused together spread out.</summary>
    public static TimeSpan WithJitter(TimeSpan wait) =>
        wait + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Max(50, wait.TotalMilliseconds / 4));
}
