using System.Net;
using System.Net.Http.Json;

namespace Dataans.Core.Sync;

/// <summary>
/// Honours the server's fairness limits: a 429 answer is waited out for its <c>Retry-After</c> (at most
/// <see cref="MaxWait"/>, 1 s when absent) and the request sent again, up to <see cref="MaxRetries"/>
/// times. Only requests whose body can be sent twice are repeated (none, bytes or buffered JSON); a
/// streamed upload's 429 goes back to the caller, whose own retry resumes it. Thread-safe.
/// </summary>
internal sealed class RetryAfterHandler(HttpMessageHandler inner, TimeProvider? time = null) : DelegatingHandler(inner)
{
    public const int MaxRetries = 5;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == MaxRetries
                || request.Content is not (null or ByteArrayContent or JsonContent))
            {
                return response;
            }

            var wait = RetryAfter(response, _time.GetUtcNow());
            response.Dispose();
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>How long a 429 answer asks the client to wait, within [0, <see cref="MaxWait"/>].</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
    }
}
