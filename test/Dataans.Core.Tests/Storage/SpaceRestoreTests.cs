using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Storage;

/// <summary>A deleted space can be brought back with its notes (undo, 18.9), on this device and on every device that syncs.</summary>
public sealed class SpaceRestoreTests : IDisposable
{
    private readonly TestDataDirectory _here = new();
    private readonly TestDataDirectory _there = new();

    public void Dispose()
    {
        _here.Dispose();
        _there.Dispose();
    }

    [Fact]
    public async Task RestoreSpace_BringsTheSpaceAndItsNotesBack_EverywhereTheLogGoes()
    {
        using var store = await _here.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Trip");
        await store.CreateNoteAsync(space.Id, "tickets");
        await store.CreateNoteAsync(space.Id, "hotel");
        await store.DeleteSpaceAsync(space.Id);
        Assert.Empty(await store.ListSpacesAsync());

        var restored = await store.RestoreSpaceAsync(space.Id);

        Assert.Equal(("Trip", space.AvatarId, space.CreatedAt), (restored.Name, restored.AvatarId, restored.CreatedAt));
        Assert.Equal(["tickets", "hotel"], (await store.ListNotesAsync(space.Id, 10)).Select(note => note.Text).OrderByDescending(text => text));
        await Assert.ThrowsAsync<NotFoundException>(() => store.RestoreSpaceAsync(space.Id));

        // Another device that receives the whole log (in any order) ends with the space alive too.
        using var other = await _there.OpenStoreAsync();
        var log = await store.SyncLedger.ReadLogAsync();
        await other.ApplyAsync(log.Reverse().Select(operation => operation.Record));
        Assert.Equal(["Trip"], (await other.ListSpacesAsync()).Select(item => item.Name));
        Assert.Equal(2, await other.CountNotesAsync(space.Id));
    }

    [Fact]
    public async Task RestoreSpace_ThatWasNeverDeleted_IsNotFound()
    {
        using var store = await _here.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Alive");

        await Assert.ThrowsAsync<NotFoundException>(() => store.RestoreSpaceAsync(space.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => store.RestoreSpaceAsync(Guid.NewGuid()));
    }
}
