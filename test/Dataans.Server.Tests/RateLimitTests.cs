using System.Net;
using System.Security.Claims;
using System.Text;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.Server.Tests;

/// <summary>
/// Fairness between users (issue 14, item 1): one user's flood is refused with 429 and <c>Retry-After</c>
/// while another user is served; request bodies are bounded per route; a v1 push is capped and stored in
/// batches. The limits are set low here so that each one is reached with a few requests.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly List<ServerInstance> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<(ServerInstance Server, HttpClient Alice, HttpClient Bob)> StartAsync(params string[] args)
    {
        var server = await ServerInstance.StartAsync(args);
        _servers.Add(server);
        return (server, server.Client(await server.AddUserAsync("alice")), server.Client(await server.AddUserAsync("bob")));
    }

    [Fact]
    public async Task RequestsBeyondTheUsersRate_Get429WithRetryAfter_WhileAnotherUserIsServed()
    {
        var (_, alice, bob) = await StartAsync("--RateLimits:RequestsPerSecondPerUser=1", "--RateLimits:RequestBurstPerUser=3");

        for (var i = 0; i < 3; i++)
        {
            using var withinBurst = await alice.GetAsync("v2/ops?after=0");
            Assert.Equal(HttpStatusCode.OK, withinBurst.StatusCode);
        }

        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 50 && refused.Count == 0; i++)
        {
            var response = await alice.GetAsync("v2/ops?after=0");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused.Add(response);
            }
        }

        Assert.NotEmpty(refused); // at one request a second, 50 quick requests run dry
        var problem = await TestOps.AssertProblemAsync(refused[0], HttpStatusCode.TooManyRequests);
        Assert.Equal(ProblemCodes.RateLimited, problem.GetProperty("code").GetString());
        Assert.True(refused[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused[0].Headers.RetryAfter}");

        using var other = await bob.GetAsync("v2/ops?after=0");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var health = await new HttpClient { BaseAddress = alice.BaseAddress }.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // health probes are never limited

        await TestOps.UntilAsync(async () =>
        {
            using var again = await alice.GetAsync("v2/ops?after=0");
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "alice's bucket to refill");
    }

    [Fact]
    public async Task EventStreamsBeyondTheLimit_AreRefused_AndAnotherUsersStreamOpens()
    {
        var (_, alice, bob) = await StartAsync("--RateLimits:EventStreamsPerUser=3");
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            var stream = await OpenStreamAsync(alice);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            open.Add(stream);
        }

        using (var fourth = await OpenStreamAsync(alice))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode); // it accepts only text/event-stream: no problem body
            Assert.NotNull(fourth.Headers.RetryAfter);
        }

        using (var bobs = await OpenStreamAsync(bob))
        {
            Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
        }

        using (var push = await alice.PostAsync("v2/ops", TestOps.Body(TestOps.New())))
        {
            Assert.Equal(HttpStatusCode.OK, push.StatusCode); // open streams do not take request slots
        }

        open[0].Dispose();
        await TestOps.UntilAsync(async () =>
        {
            using var retry = await OpenStreamAsync(alice);
            return retry.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "a stream slot to free up after one stream closed");
        open.ForEach(stream => stream.Dispose());
    }

    [Fact]
    public async Task RunningRequestsBeyondTheLimit_AreRefused_WhileAnotherUserIsServed()
    {
        var (server, alice, bob) = await StartAsync("--RateLimits:ConcurrentRequestsPerUser=2", "--RateLimits:QueuedRequestsPerUser=0");
        var release = new TaskCompletionSource();
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var uploads = ids.Select(id => alice.PutAsync($"v2/files/{id}?offset=0", new HeldContent(release.Task))).ToList();
        // Each upload holds its slot once its first bytes reach the server's part file.
        await TestOps.UntilAsync(
            () => Task.FromResult(ids.All(id => new FileInfo(Path.Combine(server.DataDir, "files", "alice", $"{id}.part")) is { Exists: true, Length: > 0 })),
            TimeSpan.FromSeconds(30),
            "both held uploads to reach the server");

        using (var third = await alice.GetAsync("v2/ops?after=0"))
        {
            var problem = await TestOps.AssertProblemAsync(third, HttpStatusCode.TooManyRequests);
            Assert.Equal(ProblemCodes.RateLimited, problem.GetProperty("code").GetString());
            Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        }

        using (var other = await bob.GetAsync("v2/ops?after=0"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        release.SetResult();
        foreach (var upload in uploads)
        {
            using var done = await upload;
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        using var after = await alice.GetAsync("v2/ops?after=0");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ASecondPushWhileOneRuns_IsRefused_ButReadsAreServed()
    {
        var (server, alice, _) = await StartAsync("--RateLimits:QueuedPushesPerUser=0");
        var release = new TaskCompletionSource();
        var held = alice.PostAsync("v2/ops", new HeldContent(release.Task, "{\"ops\":[", "]}"));
        await TestOps.UntilAsync(() => Task.FromResult(AvailablePermits(server, "alice", "POST", "/v2/ops") == 0),
            TimeSpan.FromSeconds(30), "the held push to take alice's push slot");

        using (var second = await alice.PostAsync("v2/ops", TestOps.Body(TestOps.New())))
        {
            await TestOps.AssertProblemAsync(second, HttpStatusCode.TooManyRequests);
        }

        using (var read = await alice.GetAsync("v2/ops?after=0"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        release.SetResult();
        using var first = await held;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    /// <summary>The fewest permits any of the server's limiters has left for such a request of the user.</summary>
    private static long AvailablePermits(ServerInstance server, string user, string method, string path)
    {
        var context = new DefaultHttpContext { User = new ClaimsPrincipal(SyncUser.CreateIdentity(user, "Token")) };
        context.Request.Method = method;
        context.Request.Path = path;
        return server.App.Services.GetRequiredService<UserLimiters>().Chain.GetStatistics(context)?.CurrentAvailablePermits ?? -1;
    }

    [Fact]
    public async Task BodiesAreBoundedPerRoute()
    {
        var (_, alice, _) = await StartAsync();
        // A client announcing a big body waits for 100-continue, so the refusal arrives before the body is sent.
        var bigVerifier = "{\"verifier\":\"" + new string('a', 20_000) + "\"}";
        using (var request = new HttpRequestMessage(HttpMethod.Put, "v2/verifier") { Content = new StringContent(bigVerifier, Encoding.UTF8, "application/json") })
        {
            request.Headers.ExpectContinue = true;
            using var verifier = await alice.SendAsync(request);
            await TestOps.AssertProblemAsync(verifier, HttpStatusCode.RequestEntityTooLarge);
        }

        // Without a length the server reads to the route's limit (16 KiB); just over it, so the refused rest is tiny.
        using (var chunked = await alice.PutAsync("v2/verifier", new HeldContent(Task.CompletedTask, "{\"verifier\":\"" + new string('a', 16_380), "\"}")))
        {
            await TestOps.AssertProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge);
        }

        using (var push = await alice.PostAsync("v2/ops", TestOps.Body([.. Enumerable.Range(0, 100).Select(_ => TestOps.New(size: 400))])))
        {
            Assert.Equal(HttpStatusCode.OK, push.StatusCode); // ~60 KB: a push may be large
        }

        using var upload = await alice.PutAsync($"v2/files/{Guid.NewGuid()}?offset=0", new ByteArrayContent(new byte[100_000]));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
    }

    [Fact]
    public async Task V1Push_IsCapped_AndALargeOneIsStoredInBatches()
    {
        var (_, alice, bob) = await StartAsync("--Limits:MaxOpsPerPush=100", "--Limits:MaxOpsPerV1Push=250");
        var ops = TestOps.Many(251);
        using (var tooMany = await alice.PostAsync("data/operation", V1Body(ops)))
        {
            var problem = await TestOps.AssertProblemAsync(tooMany, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("250", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var largest = await alice.PostAsync("data/operation", V1Body(ops[..250])))
        {
            Assert.Equal(HttpStatusCode.OK, largest.StatusCode);
        }

        var page = await TestOps.PullAsync(alice, 0, limit: 1000);
        Assert.Equal(250, page.Head);
        Assert.Equal(ops[..250].Select(op => op.Id).Order(), page.Ops.Select(op => op.Id).Order());

        // A conflict in a later batch says what was kept.
        var conflicting = TestOps.Many(150).Append(ops[0] with { Checksum = new byte[32] }).ToArray();
        using (var conflict = await alice.PostAsync("data/operation", V1Body(conflicting)))
        {
            var problem = await TestOps.AssertProblemAsync(conflict, HttpStatusCode.Conflict);
            Assert.Contains("the first 100 operations of this push were stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(350, (await TestOps.PullAsync(alice, 0)).Head);
        Assert.Equal(0, (await TestOps.PullAsync(bob, 0)).Head);
    }

    private static StringContent V1Body(IEnumerable<PushOperation> ops) => new(
        "[" + string.Join(',', ops.Select(o =>
            $$"""{"id":"{{o.Id}}","createdAt":"{{o.CreatedAt}}","data":[{{string.Join(',', o.Data)}}],"checksum":[{{string.Join(',', o.Checksum)}}]}""")) + "]",
        Encoding.UTF8,
        "application/json");

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>A chunked body that sends its start, then waits for <paramref name="release"/> before its end.</summary>
    private sealed class HeldContent(Task release, string start = "held", string end = "") : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(start));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(end));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
