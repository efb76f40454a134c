using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dataans.Sync.Tests;

/// <summary>
/// The client side of the fairness limits and of a hostile server (issue 14, items 1 and 7): a 429 is
/// waited out for its <c>Retry-After</c>; an endless JSON answer or event-stream line is refused at a cap.
/// </summary>
public sealed class ClientLimitsTests
{
    [Fact]
    public async Task Sync_WaitsOutTheServersRetryAfter_AndFinishes()
    {
        await using var server = await ServerInstance.StartAsync("--RateLimits:RequestsPerSecondPerUser=2", "--RateLimits:RequestBurstPerUser=2");
        var token = await server.AddUserAsync("alice");
        await using var device = await Device.CreateAsync();
        await device.UseKeyAsync(server.BaseAddress, token, new EncryptionKey(RandomNumberGenerator.GetBytes(32)));
        var space = await device.Store.CreateSpaceAsync("many");
        for (var i = 0; i < 2 * SyncEngine.PushBatchSize; i++)
        {
            await device.Store.CreateNoteAsync(space.Id, $"note {i}", []);
        }

        using var counting = new StatusCounter(new SocketsHttpHandler());
        using var engine = new SyncEngine(device.Store, device.Profiles, profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken, counting));
        var result = await engine.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.True(counting.Count(HttpStatusCode.TooManyRequests) > 0, "the server never refused a request: the test did not reach the limit");
        await using var other = await Device.CreateAsync();
        await other.Profiles.SaveAsync((await device.Profiles.LoadAsync())!);
        await other.SyncAsync();
        Assert.Equal(2 * SyncEngine.PushBatchSize, (await other.Store.ListNotesAsync(space.Id, 10_000)).Count);
    }

    [Fact]
    public async Task AnEndlessJsonAnswer_IsRefusedAtTheCap()
    {
        await using var hostile = await HostileServer.StartAsync();
        using var client = new SyncHttpClient(hostile.BaseAddress, AuthMode.Token, "token") { MaxJsonResponseBytes = 1024 * 1024, RequestTimeout = TimeSpan.FromSeconds(60) };

        var error = await Assert.ThrowsAsync<SyncException>(() => client.PullAsync(0, 10));

        Assert.Equal(SyncFailure.Protocol, error.Failure);
        Assert.Contains("longer than this app accepts (1,048,576 bytes)", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task AV1OperationListLongerThanTheJsonCap_IsReadAsItArrives()
    {
        // v1 sends every operation a new device lacks in one answer (280 MB at 100,000 notes); here
        // 300 notes make an answer of about 800 KB against a JSON cap of 64 KiB.
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("alice");
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        await using var author = await Device.CreateAsync();
        await author.UseKeyAsync(server.BaseAddress, token, key);
        var space = await author.Store.CreateSpaceAsync("long");
        for (var i = 0; i < 300; i++)
        {
            await author.Store.CreateNoteAsync(space.Id, $"note {i}: " + new string('x', 2000), []);
        }

        await author.SyncAsync(new SyncOptions(SyncProtocol.V1));
        await using var reader = await Device.CreateAsync();
        await reader.Profiles.SaveAsync((await author.Profiles.LoadAsync())!);
        SyncHttpClient? used = null;
        using var engine = new SyncEngine(reader.Store, reader.Profiles, profile => used = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken) { MaxJsonResponseBytes = 64 * 1024 });

        var result = await engine.SyncAsync(new SyncOptions(SyncProtocol.V1));

        Assert.True(result.Success, result.Message);
        Assert.True(used!.BytesOnWire > 300 * 2000, $"only {used.BytesOnWire} bytes were counted");
        Assert.Equal(await author.ExportAsync(), await reader.ExportAsync());
    }

    [Fact]
    public async Task AnEndlessV1OperationList_IsRefusedAtItsCap()
    {
        await using var hostile = await HostileServer.StartAsync();
        using var client = new SyncHttpClient(hostile.BaseAddress, AuthMode.Token, "token") { MaxV1OperationListBytes = 1024 * 1024, RequestTimeout = TimeSpan.FromSeconds(60) };

        var read = 0;
        var error = await Assert.ThrowsAsync<SyncException>(async () =>
        {
            await foreach (var operation in client.GetV1OperationsAsync(0))
            {
                read++; // handed over as they arrive
            }
        });

        Assert.Equal(SyncFailure.Protocol, error.Failure);
        Assert.Contains("longer than this app accepts (1,048,576 bytes)", error.Message, StringComparison.Ordinal);
        Assert.InRange(read, 1_000, 1024 * 1024 / 90);
    }

    [Fact]
    public async Task AV1OperationListHoldingNull_IsAnAnswerThisAppDoesNotUnderstand()
    {
        await using var hostile = await HostileServer.StartAsync();
        using var client = new SyncHttpClient(hostile.BaseAddress, AuthMode.Token, "token");

        var error = await Assert.ThrowsAsync<SyncException>(async () =>
        {
            await foreach (var operation in client.GetV1OperationsAsync(HostileServer.NullOperationAfter))
            {
            }
        });

        Assert.Equal(SyncFailure.Protocol, error.Failure);
        Assert.Equal("The server sent an answer this app does not understand.", error.Message);
    }

    [Fact]
    public async Task AnEndlessEventLine_EndsTheStream()
    {
        await using var hostile = await HostileServer.StartAsync();
        using var client = new SyncHttpClient(hostile.BaseAddress, AuthMode.Token, "token");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<SyncException>(async () =>
        {
            await foreach (var _ in client.ListenAsync(timeout.Token))
            {
            }
        });

        Assert.Contains("line longer than 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task EventLines_EndWithCrLfLfOrCr_AndAreUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("event: head\r\ndata: {\"a\":\"é\"}\n\rlast");
        using var reader = new EventLineReader(new MemoryStream(bytes), 64);
        List<string?> lines = [];
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(["event: head", "data: {\"a\":\"é\"}", "", "last"], lines);
    }

    /// <summary>Counts the answers that pass through, by status (429s included, before the client waits them out).</summary>
    private sealed class StatusCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<HttpStatusCode, int> _counts = [];

        public int Count(HttpStatusCode status)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(status);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (_counts)
            {
                _counts[response.StatusCode] = _counts.GetValueOrDefault(response.StatusCode) + 1;
            }

            return response;
        }
    }

    /// <summary>A server that never stops talking: an endless JSON array and an endless event line.</summary>
    private sealed class HostileServer : IAsyncDisposable
    {
        /// <summary>Asked for the v1 operations after this many, the server answers an operation, then null.</summary>
        public const long NullOperationAfter = 7;

        private const string Operation = "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"data\":[1,2],\"checksum\":[3]}";

        private readonly WebApplication _app;

        private HostileServer(WebApplication app) => _app = app;

        public Uri BaseAddress => new(_app.Urls.First() + "/");

        public static async Task<HostileServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/v2/ops", context => EndlessAsync(context, "application/json", "[", "1,"));
            app.MapGet("/data/operation", context => context.Request.Query["operations_to_skip"] == NullOperationAfter.ToString(CultureInfo.InvariantCulture)
                ? context.Response.WriteAsync("[" + Operation + ",null]", context.RequestAborted)
                : EndlessAsync(context, "application/json", "[", Operation + ","));
            app.MapGet("/v2/events", context => EndlessAsync(context, "text/event-stream", "data: ", "aaaaaaaa"));
            await app.StartAsync();
            return new HostileServer(app);
        }

        private static async Task EndlessAsync(HttpContext context, string contentType, string start, string repeat)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(start, context.RequestAborted);
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(repeat, 4096)));
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
