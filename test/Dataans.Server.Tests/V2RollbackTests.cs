using System.Net;
using System.Net.Http.Json;
using Dataans.Contracts.Sync;
using Microsoft.Extensions.Logging;

namespace Dataans.Server.Tests;

/// <summary>
/// A pull whose position of the current epoch the store does not hold (a cursor past the head, or another operation
/// at it) tells the server that its store was put back to an older state without an epoch rotate (protocol.md §2):
/// the server rotates the epoch once, logs it and announces it.
/// </summary>
public sealed class V2RollbackTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartLoggedAsync(LogLevel.Warning);
        _alice = _server.Client(await _server.AddUserAsync("alice"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ACursorOfThisEpochPastTheHead_RotatesTheEpochOnce_AndAnnouncesIt()
    {
        var pushed = await TestOps.PushAsync(_alice, TestOps.Many(3));
        await using var events = await EventStream.OpenAsync(_alice);
        Assert.Equal(new HeadChanged { Epoch = pushed.Epoch, Head = 3 }, await events.NextAsync());

        var rotated = await PullAsync(after: 5, pushed.Epoch);

        Assert.NotEqual(pushed.Epoch, rotated.Epoch);
        Assert.Equal(3, rotated.Head);
        Assert.Empty(rotated.Ops);
        Assert.Equal(new HeadChanged { Epoch = rotated.Epoch, Head = 3 }, await events.NextAsync());
        var warning = Assert.Single(_server.Logs.Text().Split('\n'), line => line.Contains("without its epoch rotated", StringComparison.Ordinal));
        Assert.Contains("alice's store does not hold what a device's cursor says (5, head 3: the cursor is past the head)", warning, StringComparison.Ordinal);

        // Another device with the same stale cursor learns the new epoch; the server does not rotate again.
        Assert.Equal(rotated.Epoch, (await PullAsync(after: 5, pushed.Epoch)).Epoch);
        Assert.Equal(1, _server.Logs.Text().Split('\n').Count(line => line.Contains("without its epoch rotated", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ACursorOfThisEpochAtAnotherOperation_RotatesTheEpoch()
    {
        var ops = TestOps.Many(3);
        var pushed = await TestOps.PushAsync(_alice, ops);

        Assert.Equal(pushed.Epoch, (await PullAsync(after: 2, pushed.Epoch, ops[1].Id)).Epoch); // the operation at 2 is ops[1]
        Assert.Equal(pushed.Epoch, (await PullAsync(after: 2, null, Guid.NewGuid())).Epoch); // no epoch said: proves nothing

        var rotated = await PullAsync(after: 2, pushed.Epoch, ops[2].Id); // the device holds another operation at 2

        Assert.NotEqual(pushed.Epoch, rotated.Epoch);
        Assert.Contains("another operation at the cursor", _server.Logs.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3L, true)] // at the head: nothing is wrong
    [InlineData(5L, false)] // past the head, but no epoch said: a cursor of an unknown epoch proves nothing
    public async Task ACursorNotPastTheHeadOfItsEpoch_LeavesTheEpoch(long after, bool sayEpoch)
    {
        var pushed = await TestOps.PushAsync(_alice, TestOps.Many(3));

        var page = await PullAsync(after, sayEpoch ? pushed.Epoch : null);

        Assert.Equal(pushed.Epoch, page.Epoch);
        Assert.Equal(pushed.Epoch, (await TestOps.PullAsync(_alice, 0)).Epoch);
    }

    [Fact]
    public async Task ACursorOfAnotherEpochPastTheHead_LeavesTheEpoch()
    {
        var pushed = await TestOps.PushAsync(_alice, TestOps.Many(3));
        var (code, _, stderr) = await _server.AdminAsync(["store", "reset", "alice", "--yes"]);
        Assert.True(code == 0, stderr);
        var reset = (await TestOps.PullAsync(_alice, 0)).Epoch;

        var page = await PullAsync(after: 3, pushed.Epoch); // a device that has not heard of the reset yet

        Assert.Equal(reset, page.Epoch);
    }

    [Theory]
    [InlineData("epoch=C9A686B5CB7446518528D01B799CD5E1", "epoch")]
    [InlineData("epoch=c9a686b5", "epoch")]
    [InlineData("epoch=not-an-epoch-not-an-epoch-not-an", "epoch")]
    [InlineData("afterId=0b0cd4a2", "afterId")]
    [InlineData("afterId=0b0cd4a25f0e4d8e9a572b1b8f3c2f10", "afterId")]
    [InlineData("afterId=0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10&afterId=0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10", "afterId")]
    public async Task AMalformedPosition_IsABadRequest(string query, string parameter)
    {
        using var response = await _alice.GetAsync($"v2/ops?after=0&{query}");

        var problem = await TestOps.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<PullResponse> PullAsync(long after, string? epoch, Guid? afterId = null)
    {
        var query = (epoch is null ? $"v2/ops?after={after}" : $"v2/ops?after={after}&epoch={epoch}") + (afterId is null ? "" : $"&afterId={afterId:D}");
        using var response = await _alice.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse))!;
    }
}
