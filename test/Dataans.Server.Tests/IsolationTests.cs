using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Tests;

/// <summary>Two users on every route: neither can list, read, overwrite or probe the other's data.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _alice = _server.Client(await _server.AddUserAsync("alice"));
        _bob = _server.Client(await _server.AddUserAsync("bob"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task EveryRoute_SeesOnlyTheCallersData()
    {
        var op = TestOps.New();
        await TestOps.PushAsync(_alice, op);
        var file = Guid.NewGuid();
        (await _alice.PutAsync($"v2/files/{file}?offset=0", new ByteArrayContent([1, 2, 3]))).EnsureSuccessStatusCode();
        (await _alice.PostAsync($"v2/files/{file}/complete?length=3", null)).EnsureSuccessStatusCode();
        var partial = Guid.NewGuid();
        (await _alice.PutAsync($"v2/files/{partial}?offset=0", new ByteArrayContent([9]))).EnsureSuccessStatusCode();
        var v1File = Guid.NewGuid();
        (await _alice.PostAsync($"file/{v1File}", new ByteArrayContent([4, 5]))).EnsureSuccessStatusCode();
        (await _alice.PutAsJsonAsync("v2/verifier", new KeyVerifier { Verifier = "alice-verifier" }, V2JsonContext.Default.KeyVerifier)).EnsureSuccessStatusCode();

        // Listing and reading.
        var page = await TestOps.PullAsync(_bob, 0);
        Assert.Equal((0L, 0), (page.Head, page.Ops.Count));
        Assert.Equal("[]", await _bob.GetStringAsync("data/operation?operations_to_skip=0"));
        Assert.Equal("[]", await _bob.GetStringAsync("data/block?items_per_block=16"));
        Assert.Empty((await _bob.GetFromJsonAsync("v2/ops/ordered", V2JsonContext.Default.PullResponse))!.Ops);
        Assert.Empty((await _bob.GetFromJsonAsync("v2/blocks?itemsPerBlock=1", V2JsonContext.Default.BlocksResponse))!.Blocks);
        await TestOps.AssertProblemAsync(await _bob.GetAsync("v2/verifier"), HttpStatusCode.NotFound);
        await TestOps.AssertProblemAsync(await _bob.GetAsync("user/"), HttpStatusCode.NotFound);

        // Probing files.
        foreach (var id in new[] { file, v1File })
        {
            await TestOps.AssertProblemAsync(await _bob.GetAsync($"v2/files/{id}"), HttpStatusCode.NotFound);
            await TestOps.AssertProblemAsync(await _bob.GetAsync($"file/{id}"), HttpStatusCode.NotFound);
            Assert.Equal("false", await _bob.GetStringAsync($"file/{id}/exists"));
            Assert.Equal(HttpStatusCode.NotFound, (await _bob.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/files/{id}"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _bob.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/files/{partial}"))).StatusCode);
        await TestOps.AssertProblemAsync(await _bob.PostAsync($"v2/files/{partial}/complete?length=1", null), HttpStatusCode.NotFound);

        // Writing with the same ids lands in Bob's own namespace and leaves Alice's data alone.
        Assert.Equal(1, (await TestOps.PushAsync(_bob, op with { Checksum = new byte[32] })).Accepted);
        (await _bob.PutAsync($"v2/files/{file}?offset=0", new ByteArrayContent([7]))).EnsureSuccessStatusCode();
        (await _bob.PostAsync($"file/{v1File}", new ByteArrayContent([8]))).EnsureSuccessStatusCode();
        (await _bob.PostAsync("user/", new StringContent($$"""{"id":"{{Guid.NewGuid()}}","secretKeyHash":"bob"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        Assert.Equal(op.Checksum, (await TestOps.PullAsync(_alice, 0)).Ops.Single().Checksum);
        Assert.Equal([1, 2, 3], await _alice.GetByteArrayAsync($"v2/files/{file}"));
        Assert.Equal([4, 5], await _alice.GetByteArrayAsync($"file/{v1File}"));
        Assert.Equal("alice-verifier", (await _alice.GetFromJsonAsync("v2/verifier", V2JsonContext.Default.KeyVerifier))!.Verifier);
        Assert.Equal([8], await _bob.GetByteArrayAsync($"file/{v1File}"));
    }
}
