using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dataans.Contracts.Sync;
using Dataans.Core.Inbox;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Dataans.Sync.Tests;

/// <summary>
/// Issue 16, delivery in automatic mode: two devices follow the server's event stream; a capture (text and
/// an image) sent with only the link becomes exactly one note with its image on both, without anyone
/// pressing sync, and the sealed item is gone from the server. Prints the send-to-note delay.
/// </summary>
public sealed class InboxAutoSyncTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private string _token = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _token = await _server.AddUserAsync("auto-inbox");
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CaptureSent_AppearsOnceOnBothAutoDevices_WithinSeconds()
    {
        var first = await AutoDeviceAsync();
        var second = await AutoDeviceAsync();
        // Each device's first automatic sync runs at start; the account's first one creates the inbox key.
        await UntilAsync(async () => await first.Store.SyncLedger.ReadInboxKeyAsync() is not null, "the first device to have the inbox key");
        await UntilAsync(async () => await second.Store.SyncLedger.ReadInboxKeyAsync() is not null, "the second device to have the inbox key");
        var (_, link) = await CaptureLinks.CreateAsync(first.Store, "auto", null, CancellationToken.None);
        var image = RandomNumberGenerator.GetBytes(40_000);

        var clock = Stopwatch.StartNew();
        await CaptureSender.SendAsync(link, new CaptureContent("Sent while both devices follow the events", DateTimeOffset.UtcNow,
            [new CaptureFile("photo.jpg", "image/jpeg", image)]));
        var delays = await Task.WhenAll(WaitForNoteAsync(first, image, clock), WaitForNoteAsync(second, image, clock));

        using var owner = _server.Client(_token);
        await UntilAsync(async () => (await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList))!.Items.Count == 0,
            "the delivered item to be deleted from the server");
        foreach (var device in new[] { first, second })
        {
            var inbox = Assert.Single(await device.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
            Assert.Single(await device.Store.ListNotesAsync(inbox.Id));
        }

        output.WriteLine($"send -> note with its image in auto mode: first device {delays[0].TotalMilliseconds:F0} ms, second {delays[1].TotalMilliseconds:F0} ms");
        Figures.Record("inbox", "send to note in auto mode (slower of two devices)", delays.Max().TotalMilliseconds, "ms");
    }

    private static async Task<TimeSpan> WaitForNoteAsync(Device device, byte[] image, Stopwatch clock)
    {
        await UntilAsync(async () =>
        {
            var inbox = (await device.Store.ListSpacesAsync()).FirstOrDefault(space => space.Name == DataansStore.InboxSpaceName);
            var note = inbox is null ? null : (await device.Store.ListNotesAsync(inbox.Id)).SingleOrDefault();
            return note?.Files is [var file] && device.Store.Files.Resolve(file.Path) is { } path && File.Exists(path)
                && (await File.ReadAllBytesAsync(path)).AsSpan().SequenceEqual(image);
        }, "the capture's note with its image");
        return clock.Elapsed;
    }

    private async Task<Device> AutoDeviceAsync()
    {
        var device = await Device.CreateAsync();
        _owned.Add(device);
        await device.UseKeyAsync(_server.BaseAddress, _token, await SyncScenarioTests.TestKeyAsync());
        var profile = await device.Profiles.LoadAsync();
        await device.Profiles.SaveAsync(profile! with { SyncMode = SyncMode.Auto });
        var auto = new AutoSync(device.Engine, device.Store, device.Profiles, new AutoSyncOptions { Debounce = TimeSpan.FromMilliseconds(100) });
        _owned.Add(auto);
        auto.Start();
        return device;
    }

    /// <summary>Looks again every 50 ms for up to a minute (the devices write from their own sync loops).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after 60 s waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
