using Dataans.Core.Search;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>A new device catching up builds its search index once at the end; search is complete when the run returns.</summary>
public sealed class BulkIndexSyncTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private string _token = null!;
    private Device _first = null!;
    private Device _second = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _token = await _server.AddUserAsync("alice");
        _first = await Device.CreateAsync();
        _second = await Device.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task BootstrapOfManyPages_IsSearchableTheMomentTheSyncReturns_AndLaterDeltasAreIndexed()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        await _first.UseKeyAsync(_server.BaseAddress, _token, key);
        await _second.UseKeyAsync(_server.BaseAddress, _token, key);
        var space = await _first.Store.CreateSpaceAsync("Work");
        var notes = new List<Guid>();
        for (var i = 0; i < 1_200; i++)
        {
            notes.Add((await _first.Store.CreateNoteAsync(space.Id, $"harmonica lesson {i}")).Id);
        }

        await _first.SyncAsync();
        using var bulk = new SyncEngine(_second.Store, _second.Profiles, profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken)) { BulkIndexFromOps = 500 };

        var result = await bulk.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.Equal((await _first.Store.SyncLedger.CountOperationsAsync()).Total, result.Pulled);
        Assert.True(result.Pulled > 1_000);
        var search = new NoteSearch(_second.Store);
        Assert.Equal(1_000, (await search.SearchAsync("harmonica", limit: 1_000)).Count);
        Assert.Single(await search.SearchAsync("lesson 1199"));
        Assert.False(await _second.Store.SyncLedger.RebuildSearchIndexIfDeferredAsync()); // nothing left deferred

        await _first.Store.UpdateNoteAsync(notes[5], "a xylophone now");
        await _first.SyncAsync();
        Assert.True((await bulk.SyncAsync()).Success);
        Assert.Single(await search.SearchAsync("xylophone"));
        Assert.Equal(await _first.ExportAsync(), await _second.ExportAsync());
    }
}
