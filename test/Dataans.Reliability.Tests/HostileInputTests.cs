using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dataans.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Issue 7, item 3 (server part): 100,000 seeded hostile requests across every route of a real server
/// process (SQLite + folder, token auth) → no 5xx, no Error in its log, /health still answers, and its
/// resident memory after warm-up grows by at most <see cref="MaxGrowthPercent"/>; 10,000 of them against
/// PostgreSQL + S3 → no 5xx, no Error.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const int Seed = 7_2025;
    private const int WarmUpRequests = 20_000;
    private const int Requests = 100_000;
    private const int Concurrency = 16;
    private const int Segment = 20_000;

    // Lower than the defaults (64 MiB, 4 GiB) so that bodies at and over the limits are cheap to send; the checks are the same code.
    private const long MaxJsonBytes = 1024 * 1024;
    private const long MaxFileBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Allowed growth of the server's resident memory from the first segment after warm-up to the last one
    /// (means of 1 s samples). Warm-up is the first 20 %: dotnet-counters showed the server still tiering
    /// up methods and growing Kestrel's pinned block pool during the first 20,000 requests; the live
    /// managed heap stays at a few MiB throughout.
    /// </summary>
    private const double MaxGrowthPercent = 10;

    private static readonly string[] ServerArgs =
    [
        "--Logging:LogLevel:Default=Warning",
        "--max-json-bytes", MaxJsonBytes.ToString(CultureInfo.InvariantCulture), "--max-file-bytes", MaxFileBytes.ToString(CultureInfo.InvariantCulture),

        // The per-user request rate (200/s by default) would answer most of the generator's requests with 429 before
        // any handler reads them; the fairness limits have their own tests (RateLimitTests, the fairness benchmark).
        "--RateLimits:RequestsPerSecondPerUser=1000000", "--RateLimits:RequestBurstPerUser=1000000",
    ];

    [Fact]
    public async Task HostileRequests_OnEveryRoute_NeverGiveA5xx_AndLeaveTheServerHealthy()
    {
        await using var server = await ServerProcess.StartAsync(ServerArgs);
        var run = await FuzzAsync(server, await TokenUsersAsync(server), Requests, WarmUpRequests, Segment);

        Figures.Record("fuzz", "server requests", Requests);
        Figures.Record("fuzz", "5xx", run.ServerErrors);
        Figures.Record("fuzz", "server RSS after warm-up", Math.Round(run.AfterWarmUp / 1048576, 1), "MiB");
        Figures.Record("fuzz", "server RSS at end", Math.Round(run.End / 1048576, 1), "MiB");
        Figures.Record("fuzz", "server RSS growth %", Math.Round(run.Growth, 1), "%");
        Assert.True(run.Growth <= MaxGrowthPercent, $"The server's resident memory grew {run.Growth:F1} % after warm-up (bound {MaxGrowthPercent} %).");
    }

    /// <summary>A shorter pass against the production-like backends (memory is judged by the long SQLite run and the soak).</summary>
    [Fact]
    public async Task HostileRequests_AgainstPostgresAndS3_NeverGiveA5xx()
    {
        var postgres = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync("fuzz");
        var s3 = await S3rver.GetAsync();
        await using var server = await ServerProcess.StartAsync([.. ServerArgs, "--operations-store", "postgres", "--postgres", postgres, .. s3.ServerArgs()]);
        var run = await FuzzAsync(server, await TokenUsersAsync(server), 10_000, 2_000, 8_000);

        Figures.Record("fuzz", "PostgreSQL + S3 server requests", 10_000);
        Figures.Record("fuzz", "PostgreSQL + S3 5xx", run.ServerErrors);
    }

    /// <summary>
    /// The same generator in the two JWT modes, with real RS256 tokens from a local JWKS endpoint: in
    /// <c>Authorization: Bearer</c> (oidc) or raw in <c>Cf-Access-Jwt-Assertion</c> (cloudflare), with the
    /// same corruptions (cut signatures, oversized, doubled, wrong prefix).
    /// </summary>
    [Theory]
    [InlineData("oidc")]
    [InlineData("cloudflare")]
    public async Task HostileRequests_InTheJwtModes_NeverGiveA5xx(string mode)
    {
        const string audience = "dataans-fuzz";
        await using var idp = await JwksServer.StartAsync();
        string[] auth = mode == "oidc"
            ? ["--auth", "oidc", "--oidc-authority", idp.Issuer, "--oidc-audience", audience, "--Auth:Oidc:RequireHttpsMetadata=false"]
            : ["--auth", "cloudflare", "--cloudflare-aud", audience, "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer];
        await using var server = await ServerProcess.StartAsync([.. ServerArgs, .. auth]);
        var expires = DateTime.UtcNow.AddHours(1);
        var generator = new HostileRequests(Seed, idp.Token("fuzz", audience, expires: expires), idp.Token("other", audience, expires: expires),
            MaxJsonBytes, MaxFileBytes, cloudflareHeader: mode == "cloudflare");
        var run = await FuzzAsync(server, generator, 10_000, 2_000, 8_000);

        Figures.Record("fuzz", $"{mode} mode server requests", 10_000);
        Figures.Record("fuzz", $"{mode} mode 5xx", run.ServerErrors);
        Assert.True(run.Authorized > 5_000, $"only {run.Authorized} of 10,000 requests got past authentication: the credentials are not being used");
    }

    private static async Task<HostileRequests> TokenUsersAsync(ServerProcess server) =>
        new(Seed, await server.AddUserAsync("fuzz"), await server.AddUserAsync("other"), MaxJsonBytes, MaxFileBytes);

    /// <summary>
    /// Sends requests 0 to <paramref name="requests"/> of the seeded sequence, samples the server's RSS after the
    /// warm-up, and asserts what every run must show: each request answered (or broken off on purpose), no 5xx,
    /// no server error line, health still 200.
    /// </summary>
    private async Task<(int ServerErrors, double AfterWarmUp, double End, double Growth, int Authorized)> FuzzAsync(
        ServerProcess server, HostileRequests generator, int requests, int warmUp, int segment)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Concurrency * 2,
            AutomaticDecompression = DecompressionMethods.None,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8, // send non-ASCII header bytes instead of refusing them
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var tally = new Tally();

        await SendAsync(client, generator, 0, warmUp, tally);
        var memory = new ResidentMemory();
        using var stopSampling = new CancellationTokenSource();
        // Often enough that even a short segment (under a second in the JWT modes) holds several samples.
        var sampling = memory.SampleAsync(server.ResidentBytes, TimeSpan.FromMilliseconds(200), stopSampling.Token);
        var clock = Stopwatch.StartNew();
        var segments = new List<(TimeSpan From, TimeSpan To)>();
        for (var from = warmUp; from < requests; from += segment)
        {
            var started = memory.Elapsed;
            await SendAsync(client, generator, from, Math.Min(requests, from + segment), tally);
            segments.Add((started, memory.Elapsed));
        }

        clock.Stop();
        await stopSampling.CancelAsync();
        await sampling;
        var means = segments.Select(segment => memory.Mean(segment.From, segment.To)).ToList();
        var growth = (means[^1] - means[0]) / means[0] * 100;

        using var health = await client.GetAsync(new Uri("health", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
        var errors = server.ErrorLines();
        output.WriteLine($"seed {Seed}: {requests:N0} requests ({warmUp:N0} of them warm-up), concurrency {Concurrency}, " +
            $"{clock.Elapsed.TotalSeconds:F1} s after warm-up ({(requests - warmUp) / clock.Elapsed.TotalSeconds:F0} requests/s)");
        output.WriteLine("status histogram: " + string.Join(", ", tally.Statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        output.WriteLine($"5xx: {tally.ServerErrors}; broken off by the client on purpose: {tally.Aborted}; connection closed early by the server: {tally.Closed.Count}; " +
            $"downloads aborted by the server because the file changed under the read: {tally.BrokenDownloads.Count}; " +
            $"Error log lines: {errors.Count} (of {server.Output.Count} lines logged at Warning and above)");
        output.WriteLine($"server RSS, mean per {segment:N0}-request segment after warm-up (MiB): {string.Join(", ", means.Select(mean => (mean / 1048576).ToString("F1", CultureInfo.InvariantCulture)))}; " +
            $"growth first → last {growth:F1} % (bound {MaxGrowthPercent} %); machine load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine("server RSS samples (MiB): " + memory.Describe());
        var lines = server.Output.ToList();
        foreach (var at in Enumerable.Range(0, lines.Count).Where(i => errors.Contains(lines[i])).Take(5))
        {
            output.WriteLine("server error: " + string.Join("\n  ", lines.Skip(at).Take(12))); // the entry and its exception
        }

        foreach (var (route, (count, total, worst)) in tally.Routes.OrderByDescending(p => p.Value.Total))
        {
            output.WriteLine($"route {route}: {count} requests, mean {total.TotalMilliseconds / count:F1} ms, worst {worst.TotalMilliseconds:F0} ms");
        }

        foreach (var failure in tally.Failures.Take(20))
        {
            output.WriteLine("failure: " + failure);
        }

        foreach (var closed in tally.Closed.Take(10))
        {
            output.WriteLine("closed: " + closed);
        }

        Assert.Equal(requests, tally.Statuses.Values.Sum() + tally.Aborted + tally.Closed.Count + tally.Failures.Count(f => f.Contains("no response", StringComparison.Ordinal)));
        Assert.Empty(tally.Failures);
        Assert.True(tally.Closed.Count < requests / 100, $"{tally.Closed.Count} connections closed without a response: a handler may be crashing.");
        Assert.Empty(errors);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        return (tally.ServerErrors, means[0], means[^1], growth, tally.Statuses.Where(p => p.Key != 401).Sum(p => p.Value));
    }

    private static Task SendAsync(HttpClient client, HostileRequests generator, int from, int to, Tally tally) =>
        Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (index, _) =>
        {
            var (request, route, mayAbort) = generator.Create(index);
            using (request)
            {
                var started = Stopwatch.GetTimestamp();
                await SendOneAsync(client, request, index, mayAbort, tally);
                tally.Time(route, Stopwatch.GetElapsedTime(started));
            }
        });

    private static async Task SendOneAsync(HttpClient client, HttpRequestMessage request, int index, bool mayAbort, Tally tally)
    {
        var what = $"#{index} {request.Method} {Shorten(request.RequestUri!.OriginalString)} (body {request.Content?.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "-"} bytes)";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            tally.Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500)
            {
                Interlocked.Increment(ref tally.ServerErrors);
                tally.Failures.Enqueue($"{what} → {status}");
            }

            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                try
                {
                    await DrainAsync(response, timeout.Token);
                }
                catch (IOException e) when (!mayAbort)
                {
                    // A download whose file another request replaces meanwhile (s3rver rewrites objects in place) is
                    // aborted by the server rather than finished short; anywhere else a broken body is a failure.
                    var queue = request.Method == HttpMethod.Get && IsFileDownload(request.RequestUri) ? tally.BrokenDownloads : tally.Failures;
                    queue.Enqueue($"{what} → {status}, body broken off: {e.Message}");
                }
            }
        }
        catch (Exception e) when (mayAbort && e is HttpRequestException or IOException)
        {
            Interlocked.Increment(ref tally.Aborted);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            tally.Failures.Enqueue($"{what}: no response within 30 s");
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // The server answered early (413, 400, 401) and closed the connection while the body was still being sent.
            tally.Closed.Enqueue($"{what}: {e.InnerException.Message}");
        }
    }

    private static bool IsFileDownload(Uri? uri) =>
        uri is not null && (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString).TrimStart('/') is var path
        && (path.StartsWith("v2/files/", StringComparison.Ordinal) || path.StartsWith("file/", StringComparison.Ordinal));

    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : $"{text[..120]}…({text.Length} chars)";

    private sealed class Tally
    {
        public readonly ConcurrentDictionary<int, int> Statuses = new();
        public readonly ConcurrentQueue<string> Failures = new();
        public readonly ConcurrentQueue<string> Closed = new();
        public readonly ConcurrentQueue<string> BrokenDownloads = new();
        public int ServerErrors;
        public int Aborted;

        /// <summary>Total and worst time per route (which routes the run spends its time on).</summary>
        public readonly ConcurrentDictionary<string, (int Count, TimeSpan Total, TimeSpan Worst)> Routes = new(StringComparer.Ordinal);

        public void Time(string route, TimeSpan elapsed) =>
            Routes.AddOrUpdate(route, (1, elapsed, elapsed), (_, t) => (t.Count + 1, t.Total + elapsed, elapsed > t.Worst ? elapsed : t.Worst));
    }
}
