using System.Net;
using System.Net.Http.Json;
using Dataans.Contracts.Sync;
using Microsoft.Extensions.Logging;

namespace Dataans.Server.Tests;

/// <summary>
/// A pull whose cursor of the current epoch lies past the head tells the server that its store was put back to an
/// older state without an epoch rotate (protocol.md §2): the server rotates the epoch once, logs it and announces it.
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
        Assert.Contains("alice's store is behind a device's cursor (5, head 3)", warning, StringComparison.Ordinal);

        // Another device with the same stale cursor learns the new epoch; the server does not rotate again.
        Assert.Equal(rotated.Epoch, (await PullAsync(after: 5, pushed.Epoch)).Epoch);
        Assert.Equal(1, _server.Logs.Text().Split('\n').Count(line => line.Contains("without its epoch rotated", StringComparison.Ordinal)));
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
    [InlineData("C9A686B5CB7446518528D01B799CD5E1")]
    [InlineData("c9a686b5")]
    [InlineData("not-an-epoch-not-an-epoch-not-an")]
    public async Task AMalformedEpoch_IsABadRequest(string epoch)
    {
        using var response = await _alice.GetAsync($"v2/ops?after=0&epoch={Uri.EscapeDataString(epoch)}");

        var problem = await TestOps.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("epoch", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<PullResponse> PullAsync(long after, string? epoch)
    {
        var query = epoch is null ? $"v2/ops?after={after}" : $"v2/ops?after={after}&epoch={epoch}";
        using var response = await _alice.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse))!;
    }
}
