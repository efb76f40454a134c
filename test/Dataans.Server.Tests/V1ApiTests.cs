using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataans.Contracts;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Tests;

/// <summary>The seed's protocol, exercised with raw JSON as the original client sends it.</summary>
public sealed class V1ApiTests : ServerWithAliceTest
{
    private static string RawOperation(Guid id, string createdAt, byte[] data, byte[] checksum) =>
        $$"""{"id":"{{id}}","createdAt":"{{createdAt}}","data":[{{string.Join(',', data)}}],"checksum":[{{string.Join(',', checksum)}}]}""";

    private Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        Alice.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Operations_RoundTripAsNumberArraysWithNanoseconds()
    {
        var id = Guid.NewGuid();
        byte[] data = [0, 1, 2, 255];
        var checksum = SHA256.HashData(data);
        using (var post = await PostRawAsync("data/operation", $"[{RawOperation(id, "2025-07-31T16:25:57.123456789Z", data, checksum)}]"))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var json = await Alice.GetStringAsync("data/operation?operations_to_skip=0");
        using var document = JsonDocument.Parse(json);
        var op = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(id.ToString(), op.GetProperty("id").GetString());
        Assert.Equal("2025-07-31T16:25:57.123456789Z", op.GetProperty("createdAt").GetString());
        Assert.Equal(data, op.GetProperty("data").EnumerateArray().Select(e => e.GetByte()));
        Assert.Equal(checksum, op.GetProperty("checksum").EnumerateArray().Select(e => e.GetByte()));
    }

    [Fact]
    public async Task OperationsToSkip_SkipsInCreatedAtOrder()
    {
        var ops = Enumerable.Range(0, 5).Select(i => TestOps.New(Timestamp.Parse("2025-01-01T00:00:00Z").AddNanoseconds(5 - i))).ToArray();
        var body = "[" + string.Join(',', ops.Select(o => RawOperation(o.Id, o.CreatedAt.ToString(), o.Data, o.Checksum))) + "]";
        (await PostRawAsync("data/operation", body)).EnsureSuccessStatusCode();

        var rest = JsonSerializer.Deserialize(await Alice.GetStringAsync("data/operation?operations_to_skip=2"), V1JsonContext.Default.ListV1Operation)!;
        Assert.Equal(Expected.Order(ops).Skip(2).Select(o => o.Id), rest.Select(o => o.Id));
    }

    [Fact]
    public async Task Blocks_AreNumberArraysOfTheSeedsHashes()
    {
        var ops = TestOps.Many(40);
        var body = JsonSerializer.Serialize(ops.Select(o => new V1Operation { Id = o.Id, CreatedAt = o.CreatedAt, Data = o.Data, Checksum = o.Checksum }).ToList(),
            V1JsonContext.Default.ListV1Operation);
        Assert.Contains("\"data\":[", body, StringComparison.Ordinal);
        (await PostRawAsync("data/operation", body)).EnsureSuccessStatusCode();

        var json = await Alice.GetStringAsync("data/block?items_per_block=16");
        Assert.StartsWith("[[", json, StringComparison.Ordinal);
        var blocks = JsonSerializer.Deserialize(json, V1JsonContext.Default.ListByteArray)!;
        Assert.Equal(Expected.Blocks(ops, 16).Select(Convert.ToHexString), blocks.Select(Convert.ToHexString));
    }

    [Fact]
    public async Task KnownIdWithOtherChecksum_Is409()
    {
        var op = TestOps.New();
        (await PostRawAsync("data/operation", $"[{RawOperation(op.Id, op.CreatedAt.ToString(), op.Data, op.Checksum)}]")).EnsureSuccessStatusCode();
        (await PostRawAsync("data/operation", $"[{RawOperation(op.Id, op.CreatedAt.ToString(), op.Data, op.Checksum)}]")).EnsureSuccessStatusCode();
        using var conflict = await PostRawAsync("data/operation", $"[{RawOperation(op.Id, op.CreatedAt.ToString(), op.Data, new byte[32])}]");
        await TestOps.AssertProblemAsync(conflict, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task LargePush_IsNotCaughtByA1MiBLimit()
    {
        var ops = Enumerable.Range(0, 40).Select(_ => TestOps.New(size: 32 * 1024)).ToArray();
        var body = JsonSerializer.Serialize(ops.Select(o => new V1Operation { Id = o.Id, CreatedAt = o.CreatedAt, Data = o.Data, Checksum = o.Checksum }).ToList(),
            V1JsonContext.Default.ListV1Operation);
        Assert.True(body.Length > 3 * 1024 * 1024);
        using var response = await PostRawAsync("data/operation", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Files_UploadExistsDownloadAndMissingIs404()
    {
        var id = Guid.NewGuid();
        Assert.Equal("false", await Alice.GetStringAsync($"file/{id}/exists"));
        await TestOps.AssertProblemAsync(await Alice.GetAsync($"file/{id}"), HttpStatusCode.NotFound);

        var bytes = RandomNumberGenerator.GetBytes(300_000);
        (await Alice.PostAsync($"file/{id}", new ByteArrayContent(bytes))).EnsureSuccessStatusCode();
        Assert.Equal("true", await Alice.GetStringAsync($"file/{id}/exists"));
        Assert.Equal(bytes, await Alice.GetByteArrayAsync($"file/{id}"));
    }

    [Fact]
    public async Task User_IsMissingThenCreatedOnce()
    {
        await TestOps.AssertProblemAsync(await Alice.GetAsync("user/"), HttpStatusCode.NotFound);
        var id = Guid.NewGuid();
        const string hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
        (await PostRawAsync("user/", $$"""{"id":"{{id}}","secretKeyHash":"{{hash}}"}""")).EnsureSuccessStatusCode();

        using var document = JsonDocument.Parse(await Alice.GetStringAsync("user/"));
        Assert.Equal(id.ToString(), document.RootElement.GetProperty("id").GetString());
        Assert.Equal(hash, document.RootElement.GetProperty("secretKeyHash").GetString());
        await TestOps.AssertProblemAsync(await PostRawAsync("user/", $$"""{"id":"{{id}}","secretKeyHash":"other"}"""), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Health_IsOpenAndHealthAuthNeedsTheToken()
    {
        using var anonymous = Server.Client();
        Assert.Equal("ok", await anonymous.GetStringAsync("health/"));
        await TestOps.AssertProblemAsync(await anonymous.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
        using var wrong = Server.Client("dst_not-a-real-token");
        await TestOps.AssertProblemAsync(await wrong.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
        Assert.Equal("auth_ok", await Alice.GetStringAsync("health/auth"));
    }
}
