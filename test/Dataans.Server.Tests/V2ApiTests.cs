using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dataans.Contracts;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Tests;

public sealed class V2ApiTests : ServerWithAliceTest
{
    [Fact]
    public async Task Push_ThenPull_ReturnsOpsInSeqOrderWithExactTimestamps()
    {
        var ops = new[]
        {
            TestOps.New(Timestamp.Parse("2025-07-31T16:25:57.123456789Z")),
            TestOps.New(Timestamp.Parse("1969-12-31T23:59:59.999999999Z")),
            TestOps.New(Timestamp.Parse("2262-04-11T23:47:16.854775807Z")),
        };
        var pushed = await TestOps.PushAsync(Alice, ops);
        Assert.Equal(3, pushed.Accepted);
        Assert.Equal(3, pushed.Head);

        var page = await TestOps.PullAsync(Alice, 0);
        Assert.Equal(pushed.Epoch, page.Epoch);
        Assert.Equal([1L, 2L, 3L], page.Ops.Select(o => o.Seq));
        Assert.Equal(ops.Select(o => o.Id), page.Ops.Select(o => o.Id));
        Assert.Equal(ops.Select(o => o.CreatedAt), page.Ops.Select(o => o.CreatedAt));
        Assert.Equal(ops.Select(o => Convert.ToHexString(o.Data)), page.Ops.Select(o => Convert.ToHexString(o.Data)));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task Push_Twice_IsIdempotent()
    {
        var ops = TestOps.Many(3);
        await TestOps.PushAsync(Alice, ops);
        var again = await TestOps.PushAsync(Alice, [.. ops, ops[0]]);
        Assert.Equal(0, again.Accepted);
        Assert.Equal(4, again.Duplicates);
        Assert.Equal(3, again.Head);
    }

    [Fact]
    public async Task Push_KnownIdWithOtherChecksum_Is409AndStoresNothing()
    {
        var first = TestOps.New();
        await TestOps.PushAsync(Alice, first);
        var fresh = TestOps.New();
        var forged = first with { Checksum = SHA256.HashData([1, 2, 3]) };

        using var response = await Alice.PostAsync("v2/ops", TestOps.Body(fresh, forged));
        var problem = await TestOps.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(ProblemCodes.OperationConflict, problem.GetProperty("code").GetString());

        var page = await TestOps.PullAsync(Alice, 0);
        Assert.Equal([first.Id], page.Ops.Select(o => o.Id));
    }

    [Fact]
    public async Task Pull_PagesWithLimitUntilHead()
    {
        var ops = TestOps.Many(25);
        await TestOps.PushAsync(Alice, ops);
        var seen = new List<SyncOperation>();
        long cursor = 0;
        PullResponse page;
        do
        {
            page = await TestOps.PullAsync(Alice, cursor, limit: 10);
            seen.AddRange(page.Ops);
            cursor = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
        }
        while (page.HasMore);

        Assert.Equal(ops.Select(o => o.Id), seen.Select(o => o.Id));
        Assert.Equal(25, page.Head);
    }

    [Fact]
    public async Task NoOpSync_IsOneSmallResponse()
    {
        await TestOps.PushAsync(Alice, TestOps.Many(200));
        using var response = await Alice.GetAsync("v2/ops?after=200");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bytes.Length < 120, $"a no-op pull answered {bytes.Length} bytes");
    }

    [Fact]
    public async Task Verifier_IsSetOnceThenReplacedOnlyOnRequest()
    {
        using (var missing = await Alice.GetAsync("v2/verifier"))
        {
            await TestOps.AssertProblemAsync(missing, HttpStatusCode.NotFound);
        }

        var first = new KeyVerifier { Verifier = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA" };
        var other = new KeyVerifier { Verifier = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI" };
        Assert.Equal(HttpStatusCode.Created, (await Alice.PutAsJsonAsync("v2/verifier", first, V2JsonContext.Default.KeyVerifier)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Alice.PutAsJsonAsync("v2/verifier", first, V2JsonContext.Default.KeyVerifier)).StatusCode);
        await TestOps.AssertProblemAsync(await Alice.PutAsJsonAsync("v2/verifier", other, V2JsonContext.Default.KeyVerifier), HttpStatusCode.Conflict);
        Assert.Equal(first, await Alice.GetFromJsonAsync("v2/verifier", V2JsonContext.Default.KeyVerifier));
        Assert.Equal(HttpStatusCode.OK, (await Alice.PutAsJsonAsync("v2/verifier?replace=true", other, V2JsonContext.Default.KeyVerifier)).StatusCode);
        Assert.Equal(other, await Alice.GetFromJsonAsync("v2/verifier", V2JsonContext.Default.KeyVerifier));
    }

    [Fact]
    public async Task Blocks_AreTheSeedsHashesInCreatedAtThenIdOrder()
    {
        var at = Timestamp.Parse("2025-01-01T00:00:00.000000001Z");
        var ops = Enumerable.Range(0, 37).Select(i => TestOps.New(at.AddNanoseconds((37 - i) / 3))).ToArray();
        await TestOps.PushAsync(Alice, ops);

        var blocks = await Alice.GetFromJsonAsync("v2/blocks?itemsPerBlock=16", V2JsonContext.Default.BlocksResponse);
        Assert.Equal(37, blocks!.OperationCount);
        Assert.Equal(Expected.Blocks(ops, 16).Select(Convert.ToHexString), blocks.Blocks.Select(Convert.ToHexString));

        var ordered = await Alice.GetFromJsonAsync("v2/ops/ordered?skip=0&limit=1000", V2JsonContext.Default.PullResponse);
        Assert.Equal(Expected.Order(ops).Select(o => o.Id), ordered!.Ops.Select(o => o.Id));
    }

    [Fact]
    public async Task EpochRotateAndStoreReset_ChangeTheEpoch()
    {
        var before = await TestOps.PushAsync(Alice, TestOps.Many(2));
        var (code, stdout, _) = await Server.AdminAsync(["epoch", "rotate", "alice"]);
        Assert.Equal(0, code);
        var rotated = await TestOps.PullAsync(Alice, 0);
        Assert.Equal(stdout.TrimEnd().Split('\n')[^1], rotated.Epoch);
        Assert.NotEqual(before.Epoch, rotated.Epoch);
        Assert.Equal(2, rotated.Head);

        Assert.Equal(2, (await Server.AdminAsync(["store", "reset", "alice"])).Code);
        Assert.Equal(0, (await Server.AdminAsync(["store", "reset", "alice", "--yes"])).Code);
        var reset = await TestOps.PullAsync(Alice, 0);
        Assert.Equal(0, reset.Head);
        Assert.Empty(reset.Ops);
        Assert.NotEqual(rotated.Epoch, reset.Epoch);
    }

    [Fact]
    public async Task Info_IsAnonymousAndPublishesLimits()
    {
        using var anonymous = Server.Client();
        var info = await anonymous.GetFromJsonAsync("v2/info", V2JsonContext.Default.ServerInfo);
        Assert.Equal("token", info!.Auth);
        Assert.Null(info.SignInUrl);
        Assert.Equal(1000, info.Limits.MaxOpsPerPush);
    }
}

internal static class Expected
{
    public static PushOperation[] Order(IEnumerable<PushOperation> ops) =>
        [.. ops.OrderBy(o => o.CreatedAt.UnixNanoseconds).ThenBy(o => Convert.ToHexString(o.Id.ToByteArray(bigEndian: true)), StringComparer.Ordinal)];

    public static List<byte[]> Blocks(IEnumerable<PushOperation> ops, int itemsPerBlock) =>
        [.. Order(ops).Chunk(itemsPerBlock).Select(chunk => SHA256.HashData(chunk.SelectMany(o => o.Checksum).ToArray()))];
}
