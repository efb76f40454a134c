using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dataans.Contracts.Sync;
using Dataans.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Issue 7, item 5: in every auth mode, user B calls every authenticated route (the test fails if B
/// skipped one) against user A's ids and never reads, changes or learns of A's operations, blocks,
/// files, uploads, verifier, epoch or events.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class IsolationMatrixTests(AccessServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task SecondUser_NeverSeesNorTouchesTheFirstUsersData()
    {
        var total = 0;
        foreach (var server in servers.All)
        {
            var check = new Checks(server.ToString());
            await IsolateAsync(server, check);
            output.WriteLine($"{server}: {check.Count} isolation checks");
            total += check.Count;
            check.AssertAll();
        }

        Figures.Record("access", "isolation checks", total);
    }

    private static async Task IsolateAsync(ModeServer server, Checks check)
    {
        var (aliceCredential, aliceSecret) = await server.SignInAsync("iso-a");
        var (bobCredential, bobSecret) = await server.SignInAsync("iso-b");
        var sent = new ConcurrentQueue<(HttpMethod, string)>();
        using var alice = server.Client(aliceCredential);
        using var bob = server.Client(bobCredential, sent);

        var bobEpoch = (await TestOps.PullAsync(bob, 0)).Epoch;
        var data = await UserData.CreateAsync(alice, $"iso-{server}-a");
        await TestOps.PushAsync(alice, TestOps.Many(2));
        var (code, stdout, stderr) = await server.Server.AdminAsync(["epoch", "rotate", server.StoreUser("iso-a")]);
        Assert.True(code == 0, stderr);
        var before = await OwnerState.ReadAsync(alice, data);
        check.Equal(stdout.TrimEnd().Split('\n')[^1], before.Epoch, "A's epoch is the rotated one (the rotation hit A's store)");

        await using var aliceEvents = await EventStream.OpenAsync(alice);
        await using var bobEvents = await EventStream.OpenAsync(bob);
        check.Equal(before.Head, (await aliceEvents.NextAsync()).Head, "A's stream starts at A's head");
        check.Equal(new HeadChanged { Epoch = bobEpoch, Head = 0 }, await bobEvents.NextAsync(), "B's stream starts at B's own empty store");

        async Task<(int Status, string Body)> Bob(HttpMethod method, string path, HttpContent? content = null)
        {
            var (status, body) = await CredentialMatrixTests.SendAsync(bob, new HttpRequestMessage(method, path) { Content = content });
            check.That(data.Leaks(body).Count == 0 && !body.Contains(aliceSecret, StringComparison.Ordinal),
                $"{method} {path} reveals A's data: {string.Join(", ", data.Leaks(body))}");
            check.That(status < 500, $"{method} {path} failed with {status}");
            return (status, body);
        }

        // Reading: B's store is empty whatever A stored, and A's ids are unknown to B.
        var pull = JsonSerializer.Deserialize((await Bob(HttpMethod.Get, "v2/ops?after=0")).Body, V2JsonContext.Default.PullResponse)!;
        check.Equal((bobEpoch, 0L, 0), (pull.Epoch, pull.Head, pull.Ops.Count), "B's pull (epoch, head, ops)");
        check.That(bobEpoch != before.Epoch, "B's epoch differs from A's");
        var ordered = JsonSerializer.Deserialize((await Bob(HttpMethod.Get, "v2/ops/ordered?skip=0")).Body, V2JsonContext.Default.PullResponse)!;
        check.Equal(0, ordered.Ops.Count, "B's ordered pull");
        var blocks = JsonSerializer.Deserialize((await Bob(HttpMethod.Get, "v2/blocks?itemsPerBlock=1")).Body, V2JsonContext.Default.BlocksResponse)!;
        check.Equal((0L, 0), (blocks.OperationCount, blocks.Blocks.Count), "B's blocks (operations, blocks)");
        check.Equal((200, "[]"), await Bob(HttpMethod.Get, "data/operation?operations_to_skip=0"), "B's v1 operations");
        check.Equal((200, "[]"), await Bob(HttpMethod.Get, "data/block?items_per_block=1"), "B's v1 blocks");
        check.Equal(404, (await Bob(HttpMethod.Get, "v2/verifier")).Status, "B's verifier");
        check.Equal(404, (await Bob(HttpMethod.Get, "user")).Status, "B's v1 user");
        check.Equal(200, (await Bob(HttpMethod.Get, "health/auth")).Status, "B is signed in");
        foreach (var id in new[] { data.File, data.Partial, data.V1File })
        {
            check.Equal(404, (await Bob(HttpMethod.Get, $"v2/files/{id}")).Status, $"B's GET of A's file {id}");
            check.Equal(404, (await Bob(HttpMethod.Head, $"v2/files/{id}")).Status, $"B's HEAD of A's file {id}");
            check.Equal(404, (await Bob(HttpMethod.Get, $"file/{id}")).Status, $"B's v1 GET of A's file {id}");
            check.Equal((200, "false"), await Bob(HttpMethod.Get, $"file/{id}/exists"), $"B's v1 exists of A's file {id}");
        }

        check.Equal(404, (await Bob(HttpMethod.Post, $"v2/files/{data.Partial}/complete?length={data.PartialBytes.Length}")).Status, "B completes A's upload");
        foreach (var page in new[] { "v2/signin", "health/authorize.html" })
        {
            var (status, body) = await Bob(HttpMethod.Get, page + RouteRequests.SignInQuery);
            var sealedCode = System.Text.RegularExpressions.Regex.Match(body, "name=\"code\" value=\"([^\"]+)\"").Groups[1].Value;
            var handedOver = RouteRequests.SignInKey.TryOpen(sealedCode, RouteRequests.SignInState, DateTimeOffset.UtcNow);
            check.That(server.Mode == AccessMode.Cloudflare ? status == 200 && handedOver == bobSecret : status == 404,
                $"B's {page} hands over B's own token only, sealed to the app's key ({status})");
        }

        // Events: A's push is announced to A only; B's next event is B's own push.
        var alicePush = await TestOps.PushAsync(alice, UserData.NewOp("iso-a-late"));
        check.Equal(alicePush.Head, (await aliceEvents.NextAsync()).Head, "A's stream announces A's push");

        // Writing with A's ids: everything lands in B's own store.
        var bobOp = UserData.NewOp("iso-b") with { Id = data.Op.Id, CreatedAt = data.Op.CreatedAt };
        var (pushStatus, pushBody) = await Bob(HttpMethod.Post, "v2/ops", TestOps.Body(bobOp));
        var bobPush = JsonSerializer.Deserialize(pushBody, V2JsonContext.Default.PushResponse);
        check.Equal((200, 1, 1L, bobEpoch), (pushStatus, bobPush?.Accepted, bobPush?.Head, bobPush?.Epoch), "B's push of A's op id (status, accepted, head, epoch)");
        check.Equal(new HeadChanged { Epoch = bobEpoch, Head = 1 }, await bobEvents.NextAsync(), "B's stream: B's push, never A's");
        var bobV1Op = UserData.NewOp("iso-b-v1") with { Id = data.V1Op.Id, CreatedAt = data.V1Op.CreatedAt };
        check.Equal(200, (await Bob(HttpMethod.Post, "data/operation", UserData.V1Body(bobV1Op))).Status, "B's v1 push of A's op id");
        var bobFile = UserData.Secret("iso-b-file");
        check.Equal(200, (await Bob(HttpMethod.Put, $"v2/files/{data.File}?offset=0", new ByteArrayContent(bobFile))).Status, "B uploads under A's file id");
        check.Equal(200, (await Bob(HttpMethod.Post, $"v2/files/{data.File}/complete?length={bobFile.Length}")).Status, "B completes under A's file id");
        var (resumeStatus, resumeBody) = await Bob(HttpMethod.Put, $"v2/files/{data.Partial}?offset={data.PartialBytes.Length}", new ByteArrayContent([1]));
        check.That(resumeStatus == 409 && resumeBody.Contains("\"length\":0", StringComparison.Ordinal),
            $"B resuming A's upload sees B's empty upload, not A's length ({resumeStatus} {resumeBody})");
        check.Equal(200, (await Bob(HttpMethod.Post, $"file/{data.V1File}", new ByteArrayContent(bobFile))).Status, "B's v1 upload under A's file id");
        var bobVerifier = Encoding.ASCII.GetString(UserData.Secret("iso-b-verifier"));
        check.Equal(201, (await Bob(HttpMethod.Put, "v2/verifier", JsonContent.Create(new KeyVerifier { Verifier = bobVerifier }, V2JsonContext.Default.KeyVerifier))).Status,
            "B's verifier is created (B has none of its own, A's is not B's)");
        check.Equal(200, (await Bob(HttpMethod.Post, "user", JsonContent.Create(new V1User { Id = Guid.NewGuid(), SecretKeyHash = bobVerifier }, V1JsonContext.Default.V1User))).Status,
            "B's v1 verifier write");
        check.Equal(Encoding.ASCII.GetString(bobFile), Encoding.ASCII.GetString(await bob.GetByteArrayAsync($"v2/files/{data.File}")), "B reads B's bytes under A's id");

        // The inbox: B sees no key, link or item of A's, cannot delete them, and what B creates is B's own.
        check.Equal(404, (await Bob(HttpMethod.Get, "v2/inbox/key")).Status, "B's inbox key (A's is not B's)");
        check.Equal((200, "{\"links\":[]}"), await Bob(HttpMethod.Get, "v2/inbox/links"), "B's capture links");
        check.Equal(404, (await Bob(HttpMethod.Delete, $"v2/inbox/links/{data.Inbox.Link}")).Status, "B revokes A's capture link");
        var bobItems = (await Bob(HttpMethod.Get, "v2/inbox/items")).Body;
        check.That(bobItems.Contains("\"items\":[]", StringComparison.Ordinal) && bobItems.Contains("\"mark\":0", StringComparison.Ordinal), $"B's inbox is empty ({bobItems})");
        check.Equal(404, (await Bob(HttpMethod.Get, $"v2/inbox/items/{data.Inbox.Item}")).Status, "B reads A's sealed item");
        check.Equal(404, (await Bob(HttpMethod.Delete, $"v2/inbox/items/{data.Inbox.Item}")).Status, "B deletes A's sealed item");
        var aliceSettings = await InboxSettingsAsync(alice);
        var bobSettings = JsonContent.Create(new InboxSettingsBody { SealedSettings = UserData.Secret("iso-b-settings") }, InboxJsonContext.Default.InboxSettingsBody);
        check.Equal(409, (await Bob(HttpMethod.Put, "v2/inbox/settings", bobSettings)).Status, "B sets inbox settings before B has a key (A's key is not B's)");
        var bobKey = new InboxKey { PublicKey = data.Inbox.PublicKey, SealedPrivateKey = UserData.Secret("iso-b-inbox") };
        check.Equal(201, (await Bob(HttpMethod.Put, "v2/inbox/key", JsonContent.Create(bobKey, InboxJsonContext.Default.InboxKey))).Status, "B's inbox key is created (A's is not B's)");
        check.Equal(201, (await Bob(HttpMethod.Post, "v2/inbox/links", JsonContent.Create(new CaptureLinkRequest { Label = "b" }, InboxJsonContext.Default.CaptureLinkRequest))).Status,
            "B's capture link");
        check.Equal(204, (await Bob(HttpMethod.Put, "v2/inbox/settings", JsonContent.Create(new InboxSettingsBody { SealedSettings = UserData.Secret("iso-b-settings") }, InboxJsonContext.Default.InboxSettingsBody))).Status,
            "B's inbox settings");
        // A's stream never announces B's pushes: A's next event is A's own next push.
        var alicePush2 = await TestOps.PushAsync(alice, UserData.NewOp("iso-a-last"));
        check.Equal(new HeadChanged { Epoch = before.Epoch, Head = alicePush2.Head }, await aliceEvents.NextAsync(), "A's stream: A's push, never B's");

        // A's data is exactly as before, plus A's own two late pushes.
        var after = await OwnerState.ReadAsync(alice, data);
        foreach (var difference in before.DifferencesFrom(after))
        {
            check.That(false, "A's data after B's requests: " + difference);
        }

        check.Equal(before.Ops.Count + 2, after.Ops.Count, "A's operation count");
        check.Equal(bobEpoch, (await TestOps.PullAsync(bob, 0)).Epoch, "B's epoch is untouched by A's rotation");

        check.Equal(1, await CountItemsAsync(alice), "A's inbox after B's requests");
        check.Equal(aliceSettings, await InboxSettingsAsync(alice), "A's inbox settings after B's requests");

        // B signs out: B's own token is revoked (token mode), A stays signed in.
        check.Equal(server.Mode == AccessMode.Token ? 204 : 404, (await Bob(HttpMethod.Delete, "v2/token")).Status, "B revokes B's own token");
        check.Equal(200, (int)(await alice.GetAsync("health/auth")).StatusCode, "A is still signed in after B's sign-out");

        // B went through every authenticated route of the running server.
        var catalog = RouteCatalog.Read(server.Server.App);
        var exercised = sent.Select(s => catalog.Match(s.Item1, s.Item2)?.ToString()).ToHashSet();
        foreach (var key in RouteRequests.Authenticated.Keys)
        {
            check.That(exercised.Contains(key), $"B exercised {key}");
        }
    }

    private static async Task<string> InboxSettingsAsync(HttpClient owner) =>
        Convert.ToBase64String((await owner.GetFromJsonAsync("v2/inbox/key", InboxJsonContext.Default.InboxKey))!.SealedSettings ?? []);

    private static async Task<int> CountItemsAsync(HttpClient owner) =>
        (await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList))!.Items.Count;
}
