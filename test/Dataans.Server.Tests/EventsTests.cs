using System.Diagnostics;
using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Tests;

/// <summary>GET /v2/events tells a user's connected clients within a second that new operations exist.</summary>
public sealed class EventsTests
{
    [Fact]
    public async Task PushOnAnotherInstance_IsAnnouncedWithinOneSecond()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("events");
        await using var first = await ServerInstance.StartAsync("--operations-store", "postgres", "--postgres", connectionString);
        await using var second = await ServerInstance.StartAsync("--operations-store", "postgres", "--postgres", connectionString);
        var alice = await first.AddUserAsync("alice");
        var bob = await first.AddUserAsync("bob");
        var carol = await first.AddUserAsync("carol");

        // The second instance's first push pays for opening its connections and compiling the push path and
        // PostgreSQL's push function: done once for another user, so the clock below measures the announcement.
        await TestOps.PushAsync(second.Client(carol), TestOps.Many(1));

        await using var aliceEvents = await EventStream.OpenAsync(first.Client(alice));
        await using var bobEvents = await EventStream.OpenAsync(first.Client(bob));
        Assert.Equal(0, (await aliceEvents.NextAsync()).Head);
        Assert.Equal(0, (await bobEvents.NextAsync()).Head);

        var clock = Stopwatch.StartNew();
        var pushed = await TestOps.PushAsync(second.Client(alice), TestOps.Many(5));
        var change = await aliceEvents.NextAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"event after {clock.Elapsed}");
        Assert.Equal(new HeadChanged { Epoch = pushed.Epoch, Head = 5 }, change);

        // Bob's stream never carries Alice's head: his next event is his own push.
        var bobs = await TestOps.PushAsync(second.Client(bob), TestOps.Many(1));
        Assert.Equal(new HeadChanged { Epoch = bobs.Epoch, Head = 1 }, await bobEvents.NextAsync());
    }

    [Fact]
    public async Task PushesOnTwoPostgresInstances_ArePublishedOnceOnEachInstance()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("publications");
        await using var first = await ServerInstance.StartAsync("--operations-store", "postgres", "--postgres", connectionString);
        await using var second = await ServerInstance.StartAsync("--operations-store", "postgres", "--postgres", connectionString);
        var alice = await first.AddUserAsync("alice");
        var bob = await first.AddUserAsync("bob");
        using var onFirst = new PublishedChanges(first);
        using var onSecond = new PublishedChanges(second);
        await using var aliceOnFirst = await EventStream.OpenAsync(first.Client(alice));
        await using var aliceOnSecond = await EventStream.OpenAsync(second.Client(alice));
        await using var bobOnFirst = await EventStream.OpenAsync(first.Client(bob));
        Assert.Equal(0, (await aliceOnFirst.NextAsync()).Head);
        Assert.Equal(0, (await aliceOnSecond.NextAsync()).Head);
        Assert.Equal(0, (await bobOnFirst.NextAsync()).Head);

        // Alice pushes three times on the first instance: the streams on both instances hear each push.
        for (var head = 1; head <= 3; head++)
        {
            await TestOps.PushAsync(first.Client(alice), TestOps.Many(1));
            Assert.Equal(head, (await aliceOnFirst.NextAsync()).Head);
            Assert.Equal(head, (await aliceOnSecond.NextAsync()).Head);
        }

        // Each instance's listener hears NOTIFYs in commit order: once the first has forwarded Bob's later push
        // from the second, it has heard its own three as well; likewise the second with Alice's fourth push.
        await TestOps.PushAsync(second.Client(bob), TestOps.Many(1));
        Assert.Equal(1, (await bobOnFirst.NextAsync()).Head);
        await TestOps.PushAsync(first.Client(alice), TestOps.Many(1));
        Assert.Equal(4, (await aliceOnSecond.NextAsync()).Head);
        Assert.Equal(4, (await aliceOnFirst.NextAsync()).Head);

        Assert.Equal((4, 1), (onFirst.ThisInstance, onFirst.OtherInstance));
        Assert.Equal((1, 4), (onSecond.ThisInstance, onSecond.OtherInstance));
    }

    [Fact]
    public async Task PushOnTheSameSqliteInstance_IsAnnounced()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("alice");
        await using var events = await EventStream.OpenAsync(server.Client(token));
        Assert.Equal(0, (await events.NextAsync()).Head);
        await TestOps.PushAsync(server.Client(token), TestOps.Many(2));
        Assert.Equal(2, (await events.NextAsync()).Head);
        using var anonymous = server.Client();
        await TestOps.AssertProblemAsync(await anonymous.GetAsync("v2/events"), System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RemovedToken_EndsItsStreamAtTheNextKeepAlive_OthersStayOpen()
    {
        await using var server = await ServerInstance.StartAsync("--Limits:EventKeepAliveSeconds", "1");
        var alice = await server.AddUserAsync("alice");
        var bob = await server.AddUserAsync("bob");
        await using var aliceEvents = await EventStream.OpenAsync(server.Client(alice));
        await using var bobEvents = await EventStream.OpenAsync(server.Client(bob));
        Assert.Equal(0, (await aliceEvents.NextAsync()).Head);
        Assert.Equal(0, (await bobEvents.NextAsync()).Head);
        await aliceEvents.KeepAliveAsync(); // a valid token survives the check

        var (code, _, stderr) = await server.AdminAsync(["user", "remove", "alice"]);
        Assert.True(code == 0, stderr);

        await aliceEvents.EndAsync();
        await bobEvents.KeepAliveAsync();
        await bobEvents.KeepAliveAsync();
        using var again = server.Client(alice);
        await TestOps.AssertProblemAsync(await again.GetAsync("v2/events"), System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExpiredJwt_EndsItsStream_ALongerOneStaysOpen()
    {
        const string audience = "cf-events-aud";
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer, "--Limits:EventKeepAliveSeconds", "1");
        await using var shortLived = await EventStream.OpenAsync(Jwt(server, idp.Token("carol", audience, expires: DateTime.UtcNow.AddSeconds(3))));
        await using var longLived = await EventStream.OpenAsync(Jwt(server, idp.Token("carol", audience)));
        Assert.Equal(0, (await shortLived.NextAsync()).Head);
        Assert.Equal(0, (await longLived.NextAsync()).Head);

        await shortLived.EndAsync();
        await longLived.KeepAliveAsync();
        await longLived.KeepAliveAsync();
    }

    private static HttpClient Jwt(ServerInstance server, string token)
    {
        var client = server.Client();
        client.DefaultRequestHeaders.Add("Cf-Access-Jwt-Assertion", token);
        return client;
    }
}
