using System.Text;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// Every operation carries the id and name of the device that wrote it, sealed in its envelope, so a
/// note's history on one device names the other device (through a real dataans-server on Kestrel).
/// </summary>
public sealed class DeviceNameSyncTests : ServerAndDevicesTest
{

    [Fact]
    public async Task History_NamesTheDeviceThatWroteEachVersion_OnBothDevices()
    {
        var (laptop, desktop) = await TwoNamedDevicesAsync("Olena's laptop", "Work desktop");
        var space = await laptop.Store.CreateSpaceAsync("Shared");
        var note = await laptop.Store.CreateNoteAsync(space.Id, "written on the laptop");
        await laptop.SyncAsync();
        await desktop.SyncAsync();
        await desktop.Store.UpdateNoteAsync(note.Id, "edited on the desktop");
        await desktop.SyncAsync();
        await laptop.SyncAsync();

        var onLaptop = await laptop.Store.GetHistoryAsync(note.Id);
        Assert.Equal(
            [("written on the laptop", "Olena's laptop (this device)"), ("edited on the desktop", "Work desktop")],
            onLaptop.Select(version => (version.Text, version.DeviceLabel)));
        var onDesktop = await desktop.Store.GetHistoryAsync(note.Id);
        Assert.Equal(
            [("written on the laptop", "Olena's laptop"), ("edited on the desktop", "Work desktop (this device)")],
            onDesktop.Select(version => (version.Text, version.DeviceLabel)));
    }

    [Fact]
    public async Task OriginalProtocol_CarriesTheDeviceName_Too()
    {
        var v1 = new SyncOptions(SyncProtocol.V1);
        var (laptop, desktop) = await TwoNamedDevicesAsync("Laptop", "Desktop");
        var space = await desktop.Store.CreateSpaceAsync("Shared");
        var note = await desktop.Store.CreateNoteAsync(space.Id, "pushed with v1");
        await desktop.SyncAsync(v1);
        await laptop.SyncAsync(v1);

        Assert.Equal("Desktop", Assert.Single(await laptop.Store.GetHistoryAsync(note.Id)).DeviceLabel);
    }

    [Fact]
    public async Task Conflict_NamesTheDeviceOfEachSide()
    {
        var (laptop, desktop) = await TwoNamedDevicesAsync("Laptop", "Desktop");
        var space = await laptop.Store.CreateSpaceAsync("Shared");
        var note = await laptop.Store.CreateNoteAsync(space.Id, "v1");
        await laptop.SyncAsync();
        await desktop.SyncAsync();

        await laptop.Store.UpdateNoteAsync(note.Id, "laptop's edit");
        await desktop.Store.UpdateNoteAsync(note.Id, "desktop's edit");
        await laptop.SyncAsync();
        await desktop.SyncAsync();
        await laptop.SyncAsync();

        var history = await laptop.Store.GetHistoryAsync(note.Id);
        var conflict = Assert.Single(history, version => version.IsConflict);
        var current = Assert.Single(history, version => version.IsCurrent);
        Assert.Equal(
            new HashSet<(string, string)> { ("laptop's edit", "Laptop (this device)"), ("desktop's edit", "Desktop") },
            new HashSet<(string, string)> { (conflict.Text, conflict.DeviceLabel), (current.Text, current.DeviceLabel) });
    }

    [Fact]
    public async Task Rename_ReachesTheOtherDevice_WithTheNextOperation_ForEveryVersion()
    {
        var (laptop, desktop) = await TwoNamedDevicesAsync("Laptop", "Desktop");
        var space = await desktop.Store.CreateSpaceAsync("Shared");
        var note = await desktop.Store.CreateNoteAsync(space.Id, "first");
        await desktop.SyncAsync();
        await laptop.SyncAsync();
        Assert.Equal("Desktop", Assert.Single(await laptop.Store.GetHistoryAsync(note.Id)).DeviceName);

        await desktop.Store.RenameThisDeviceAsync("Studio PC");
        await desktop.Store.UpdateNoteAsync(note.Id, "second");
        await desktop.SyncAsync();
        await laptop.SyncAsync();

        Assert.Equal(["Studio PC", "Studio PC"], (await laptop.Store.GetHistoryAsync(note.Id)).Select(version => version.DeviceName));
    }

    [Fact]
    public async Task DeviceNames_NeverReachTheServerInPlaintext()
    {
        const string name = "Unmistakable-Device-Name-4711";
        var (laptop, _) = await TwoNamedDevicesAsync(name, "Other");
        var space = await laptop.Store.CreateSpaceAsync("Shared");
        await laptop.Store.CreateNoteAsync(space.Id, "text");
        await laptop.SyncAsync();

        var needle = Encoding.UTF8.GetBytes(name);
        var stored = Directory.GetFiles(Server.DataDir, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(stored);
        foreach (var path in stored)
        {
            Assert.True((await File.ReadAllBytesAsync(path)).AsSpan().IndexOf(needle) < 0, $"{path} holds the device name in clear");
        }
    }

    [Fact]
    public async Task ThisDevice_IsNamedAfterTheComputer_UntilRenamed_AndKeepsItsId()
    {
        var device = await NewDeviceAsync();
        var before = await device.Store.GetThisDeviceAsync();
        Assert.Equal(DeviceRows.DefaultName(), before.Name);

        var renamed = await device.Store.RenameThisDeviceAsync("  Kitchen\ttablet  ");

        Assert.Equal(new DeviceIdentity(before.Id, "Kitchen tablet"), renamed);
        Assert.Equal(renamed, await device.Store.GetThisDeviceAsync());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => device.Store.RenameThisDeviceAsync(" \n "));
        Assert.StartsWith("A device name needs at least one visible character.", error.Message, StringComparison.Ordinal);
    }

    private async Task<(Device First, Device Second)> TwoNamedDevicesAsync(string firstName, string secondName)
    {
        var key = await TestKeyAsync();
        var first = await NewDeviceAsync();
        var second = await NewDeviceAsync();
        foreach (var (device, name) in new[] { (first, firstName), (second, secondName) })
        {
            await device.UseKeyAsync(Server.BaseAddress, Token, key);
            await device.Store.RenameThisDeviceAsync(name);
        }

        return (first, second);
    }
}
