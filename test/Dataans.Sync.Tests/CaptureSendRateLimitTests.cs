using System.Net.Http.Json;
using Dataans.Contracts.Sync;
using Dataans.Core.Inbox;

namespace Dataans.Sync.Tests;

/// <summary>
/// Issue 16: <c>dataans inbox send</c> waits out the link's rate limit (429 with Retry-After) like sync
/// does, says that it waits, and the capture arrives once — against a real server whose link may send
/// one capture at once and one a second.
/// </summary>
public sealed class CaptureSendRateLimitTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private Device _device = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync("--RateLimits:CapturesPerMinutePerLink=60", "--RateLimits:CaptureBurstPerLink=1");
        _token = await _server.AddUserAsync("alice");
        _device = await Device.CreateAsync();
        await _device.UseKeyAsync(_server.BaseAddress, _token, await SyncScenarioTests.TestKeyAsync());
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SendBeyondTheLinksBurst_WaitsForRetryAfter_SaysSo_AndIsStoredOnce()
    {
        await _device.SyncAsync();
        var (_, url) = await CaptureLinks.CreateAsync(_device.Store, "script", null, CancellationToken.None);
        var waits = new List<TimeSpan>();

        for (var i = 0; i < 3; i++)
        {
            await CaptureSender.SendAsync(url, new CaptureContent($"capture {i}", DateTimeOffset.UtcNow, []), waits.Add);
        }

        Assert.NotEmpty(waits); // the burst of one was used up by the first capture
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        using var owner = _server.Client(_token);
        var items = await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList);
        Assert.Equal(3, items!.Items.Count);
        Assert.Equal(3, (await _device.SyncAsync()).InboxDelivered);
    }
}
