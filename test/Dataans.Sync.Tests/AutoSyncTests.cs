using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

public sealed class AutoSyncTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private string _token = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _token = await _server.AddUserAsync("alice");
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
    public async Task EditOnDeviceA_AppearsOnDeviceB_WithinThreeSeconds()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        var a = await AutoDeviceAsync(key);
        var b = await AutoDeviceAsync(key);
        var space = await a.Device.Store.CreateSpaceAsync("Live");
        await WaitForAsync(b.Device, async () => (await b.Device.Store.ListSpacesAsync()).Count == 1, TimeSpan.FromSeconds(10));

        var started = DateTimeOffset.UtcNow;
        var note = await a.Device.Store.CreateNoteAsync(space.Id, "typed on A");
        await WaitForAsync(b.Device, async () => (await b.Device.Store.ListNotesAsync(space.Id)).Any(n => n.Id == note.Id), TimeSpan.FromSeconds(3));

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    /// <summary>
    /// The CLI run while the app syncs automatically writes into the same data folder from another process,
    /// which raises no change event in the app: the app notices the new outbox entry within seconds, long
    /// before its five-minute period.
    /// </summary>
    [Fact]
    public async Task EditWrittenByAnotherStoreOnTheSameFolder_IsPushedWithinSeconds()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        var app = await AutoDeviceAsync(key);
        await Eventually.WaitAsync(async () => await app.Device.Engine.GetLastResultAsync() is { Success: true }, TimeSpan.FromSeconds(30), "the first automatic sync");

        // Another opener of the folder, as the CLI process is: its own connections, no events in the app's store.
        using (var cli = await Core.Storage.DataansStore.OpenAsync(new Core.Storage.DataDirectory(app.Device.Root)))
        {
            await cli.CreateSpaceAsync("Added from the CLI");
            Assert.True((await cli.SyncLedger.CountOperationsAsync()).Pending > 0);
        }

        await Eventually.WaitAsync(async () => (await app.Device.Store.SyncLedger.CountOperationsAsync()).Pending == 0,
            TimeSpan.FromSeconds(30), "the app pushes what the CLI wrote (the period is five minutes)");
        var other = await Device.CreateAsync();
        _owned.Add(other);
        await other.UseKeyAsync(_server.BaseAddress, _token, key);
        await other.SyncAsync();
        Assert.Contains(await other.Store.ListSpacesAsync(), space => space.Name == "Added from the CLI");
    }

    [Fact]
    public async Task ManualMode_DoesNotSyncByItself()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        var device = await Device.CreateAsync();
        _owned.Add(device);
        await device.UseKeyAsync(_server.BaseAddress, _token, key);
        var auto = new AutoSync(device.Engine, device.Store, device.Profiles, new AutoSyncOptions { Debounce = TimeSpan.FromMilliseconds(50) });
        _owned.Add(auto);
        var skipped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        auto.Evaluated += synced => skipped.TrySetResult(synced);
        auto.Start();
        await device.Store.CreateSpaceAsync("Stays local");

        var synced = await skipped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(synced);
        Assert.True((await device.Store.SyncLedger.CountOperationsAsync()).Pending > 0);
        Assert.Null(await device.Engine.GetLastResultAsync());
    }

    private async Task<(Device Device, AutoSync Auto)> AutoDeviceAsync(Core.Crypto.EncryptionKey key)
    {
        var device = await Device.CreateAsync();
        _owned.Add(device);
        await device.UseKeyAsync(_server.BaseAddress, _token, key);
        var profile = await device.Profiles.LoadAsync();
        await device.Profiles.SaveAsync(profile! with { SyncMode = SyncMode.Auto });
        var auto = new AutoSync(device.Engine, device.Store, device.Profiles, new AutoSyncOptions { Debounce = TimeSpan.FromMilliseconds(100) });
        _owned.Add(auto);
        auto.Start();
        return (device, auto);
    }

    /// <summary>Waits until the condition holds, re-checking after every change the device's store commits.</summary>
    private static async Task WaitForAsync(Device device, Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var changed = new SemaphoreSlim(0);
        device.Store.Changed += _ => changed.Release();
        while (!await condition())
        {
            await changed.WaitAsync(deadline.Token);
        }
    }
}
