using System.Net;

namespace Dataans.Server.Tests;

/// <summary>/metrics in Prometheus format on its own listener (off by default), and the sign-in throttle it counts.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("dataans-metrics-").FullName;

    [Fact]
    public async Task Metrics_OnTheirOwnPort_CountRequestsOperationsStreamsStorageAndRefusals()
    {
        var token = (await ServerExecutable.RunAsync(["user", "add", "heidi", "--data-dir", _dataDir])).Stdout.TrimEnd().Split('\n')[^1];
        await using var server = await ServerProcess.StartAsync(
            ["--data-dir", _dataDir, "--metrics-urls", "http://127.0.0.1:METRICS_PORT", "--Limits:SignInFailuresPerMinute=3"], "METRICS_PORT");
        var metricsPort = server.ExtraPort;
        using var client = server.Client(token);
        await TestOps.PushAsync(client, TestOps.Many(4));
        Assert.Equal(4, (await TestOps.PullAsync(client, 0)).Ops.Count);
        using var events = await client.GetAsync("v2/events", HttpCompletionOption.ResponseHeadersRead);

        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };
        var text = await metrics.GetStringAsync("metrics");
        Assert.Contains("dataans_operations_ingested_total{otel_scope_name=\"Dataans.Server\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("dataans_operations_delivered_total{otel_scope_name=\"Dataans.Server\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("dataans_event_streams_open{otel_scope_name=\"Dataans.Server\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("dataans_storage_duration_seconds_count{otel_scope_name=\"Dataans.Server\",operation=\"push\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v2/ops\"", text, StringComparison.Ordinal);
        Assert.Contains("service_name=\"dataans-server\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("heidi", text, StringComparison.Ordinal);

        // The API is not served on the metrics port, nor the metrics on the API's.
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("v2/info")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("metrics")).StatusCode);

        // Three failed sign-ins from this address, then every request from it waits out the minute.
        using var stranger = server.Client("dst_guessed");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("v2/ops")).StatusCode);
        }

        using var refused = await stranger.GetAsync("v2/ops");
        var problem = await TestOps.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate-limited", problem.GetProperty("code").GetString());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("v2/ops")).StatusCode);
        await TestOps.UntilAsync(async () => (await metrics.GetStringAsync("metrics")).Contains("dataans_rate_limit_refusals_total{otel_scope_name=\"Dataans.Server\"} 2", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "two refusals counted");
    }

    [Fact]
    public async Task Metrics_AreOffByDefault()
    {
        await using var server = await ServerInstance.StartAsync();
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("metrics")).StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }
}
