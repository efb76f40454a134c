using Dataans.Core.Crypto;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// v2 pushes keyed checksums, v1 pushes the seed digest (issue 14, item 2). One account may hold both:
/// devices on either protocol read each other's operations, anti-entropy still finds every block equal,
/// and an operation the server already holds with its seed digest can be pushed again over v2.
/// </summary>
public sealed class ChecksumFormTests : ServerAndDevicesTest
{

    [Fact]
    public async Task MixedAccount_V1AndV2DevicesReadEachOther_AndEveryBlockCompares()
    {
        var key = await TestKeyAsync();
        var seed = await KeyedDeviceAsync(key);
        var keyed = await KeyedDeviceAsync(key);
        var space = await seed.Store.CreateSpaceAsync("Shared");
        for (var i = 0; i < 20; i++)
        {
            await seed.Store.CreateNoteAsync(space.Id, $"from the v1 device {i}");
        }

        await seed.SyncAsync(new SyncOptions(SyncProtocol.V1));
        Assert.Equal(0, (await keyed.SyncAsync()).Quarantined);
        for (var i = 0; i < 20; i++)
        {
            await keyed.Store.CreateNoteAsync(space.Id, $"from the v2 device {i}");
        }

        await keyed.SyncAsync();
        Assert.Equal(0, (await seed.SyncAsync(new SyncOptions(SyncProtocol.V1))).Quarantined);
        Assert.Equal(await keyed.ExportAsync(), await seed.ExportAsync());

        // A third device compares every block of a log that holds both forms, and finds them all equal.
        var third = await KeyedDeviceAsync(key);
        await third.SyncAsync();
        var verified = (await third.SyncAsync(new SyncOptions(Verify: true))).Verification!;
        Assert.True(verified.Blocks >= 5, verified.Describe());
        Assert.Equal(verified.Blocks, verified.MatchingBlocks);
        Assert.Equal(0, verified.SentToServer + verified.AppliedHere);
        var again = (await keyed.SyncAsync(new SyncOptions(Verify: true))).Verification!;
        Assert.Equal(again.Blocks, again.MatchingBlocks);
    }

    [Fact]
    public async Task AnOperationStoredWithItsSeedDigest_PushedAgainOverV2_IsADuplicate()
    {
        var key = await TestKeyAsync();
        var device = await KeyedDeviceAsync(key);
        await device.Store.CreateSpaceAsync("Work");
        await device.SyncAsync(new SyncOptions(SyncProtocol.V1));
        await device.SyncAsync(); // the v2 cursor moves past them
        var ids = (await device.Store.SyncLedger.ReadOrderedDigestsAsync()).Select(item => item.Id).ToList();
        await device.Store.SyncLedger.MarkUnpushedAsync(ids); // in the outbox again, as an import of the original's log puts them

        var result = await device.SyncAsync();

        Assert.Equal(0, result.Pushed); // every one a duplicate, none refused as a conflict
        var verified = (await device.SyncAsync(new SyncOptions(Verify: true))).Verification!;
        Assert.Equal(verified.Blocks, verified.MatchingBlocks);
        Assert.Equal(ids.Count, verified.ServerOperations);
    }
}
