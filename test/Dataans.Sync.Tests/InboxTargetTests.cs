using Dataans.Core.Inbox;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// The account's capture target (issue 16: "a space the user chose") through a real dataans-server:
/// chosen on one device, it is where another device delivers captures; once that space is deleted,
/// captures land in the "Inbox" space again and the choice says so.
/// </summary>
public sealed class InboxTargetTests : ServerAndDevicesTest
{
    [Fact]
    public async Task CaptureDeliveredOnAnotherDevice_LandsInTheSpaceChosenOnTheFirst_AndInInboxOnceThatSpaceIsDeleted()
    {
        var (chooser, receiver) = (await KeyedDeviceAsync(), await KeyedDeviceAsync());
        await chooser.SyncAsync();
        var groceries = await chooser.Store.CreateSpaceAsync("Groceries");
        await chooser.SyncAsync();
        var chosen = await CaptureTarget.SetAsync(chooser.Store, groceries.Id, CancellationToken.None);
        Assert.Equal((groceries.Id, "Groceries", false), (chosen.SpaceId, chosen.SpaceName, chosen.ChosenSpaceMissing));
        var (_, url) = await CaptureLinks.CreateAsync(chooser.Store, "phone", null, CancellationToken.None);

        await CaptureSender.SendAsync(url, new CaptureContent("Buy milk", DateTimeOffset.UtcNow, []));
        var delivered = await receiver.SyncAsync();

        Assert.Equal(1, delivered.InboxDelivered);
        Assert.Equal("Groceries", (await CaptureTarget.GetAsync(receiver.Store, CancellationToken.None)).SpaceName);
        Assert.Equal("Buy milk", Assert.Single(await receiver.Store.ListNotesAsync(groceries.Id)).Text);
        Assert.DoesNotContain(await receiver.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
        await chooser.SyncAsync();
        Assert.Equal("Buy milk", Assert.Single(await chooser.Store.ListNotesAsync(groceries.Id)).Text);

        await chooser.Store.DeleteSpaceAsync(groceries.Id);
        await chooser.SyncAsync();
        await CaptureSender.SendAsync(url, new CaptureContent("Call mum", DateTimeOffset.UtcNow, []));
        await receiver.SyncAsync();

        var fallBack = await CaptureTarget.GetAsync(receiver.Store, CancellationToken.None);
        Assert.Equal((groceries.Id, DataansStore.InboxSpaceName, true), (fallBack.SpaceId, fallBack.SpaceName, fallBack.ChosenSpaceMissing));
        var inbox = Assert.Single(await receiver.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
        Assert.Equal("Call mum", Assert.Single(await receiver.Store.ListNotesAsync(inbox.Id)).Text);

        var reset = await CaptureTarget.SetAsync(receiver.Store, null, CancellationToken.None);
        Assert.Equal((null, DataansStore.InboxSpaceName, false), (reset.SpaceId, reset.SpaceName, reset.ChosenSpaceMissing));
        Assert.Null((await CaptureTarget.GetAsync(chooser.Store, CancellationToken.None)).SpaceId);
    }
}
