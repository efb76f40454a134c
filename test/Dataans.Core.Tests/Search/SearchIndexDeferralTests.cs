using Dataans.Contracts.Operations;
using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Search;

/// <summary>The bulk path of the search index: pulled pages left unindexed, then one rebuild (or a reopen after a crash).</summary>
public sealed class SearchIndexDeferralTests : IDisposable
{
    private readonly TestDataDirectory _source = new();
    private readonly TestDataDirectory _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task DeferredPages_AreSearchableAfterTheRebuild_AndLaterEditsAreIndexedOneByOne()
    {
        var records = await HistoryAsync();
        using var store = await _target.OpenStoreAsync();
        await ApplyDeferredAsync(store, records);
        var search = new NoteSearch(store);
        Assert.Empty(await search.SearchAsync("alphabet")); // the bulk path was taken: nothing indexed yet

        Assert.True(await store.SyncLedger.RebuildSearchIndexIfDeferredAsync());
        Assert.False(await store.SyncLedger.RebuildSearchIndexIfDeferredAsync());

        Assert.Equal(29, (await search.SearchAsync("alphabet")).Count);
        var edited = Assert.Single(await search.SearchAsync("omegaword"));
        await store.UpdateNoteAsync(edited.Note.Id, "now about zebracorn");
        Assert.Empty(await search.SearchAsync("omegaword"));
        Assert.Single(await search.SearchAsync("zebracorn"));
    }

    [Fact]
    public async Task AStoreReopenedAfterAnUnfinishedBulkPull_RebuildsTheIndexOnOpen()
    {
        var records = await HistoryAsync();
        using (var store = await _target.OpenStoreAsync())
        {
            await ApplyDeferredAsync(store, records); // then the process "dies" before the rebuild
        }

        using var reopened = await _target.OpenStoreAsync();
        var search = new NoteSearch(reopened);

        Assert.Equal(29, (await search.SearchAsync("alphabet")).Count);
        Assert.Single(await search.SearchAsync("omegaword"));
        Assert.False(await reopened.SyncLedger.RebuildSearchIndexIfDeferredAsync());
    }

    /// <summary>A space of 30 notes written on another device, one of them edited afterwards.</summary>
    private async Task<List<OperationRecord>> HistoryAsync()
    {
        using var source = await _source.OpenStoreAsync();
        var space = await source.CreateSpaceAsync("Work");
        var notes = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            notes.Add((await source.CreateNoteAsync(space.Id, $"alphabet soup number {i}")).Id);
        }

        await source.UpdateNoteAsync(notes[7], "omegaword replaced it");
        return [.. (await source.SyncLedger.ReadLogAsync()).Select(logged => logged.Record)];
    }

    private static async Task ApplyDeferredAsync(DataansStore store, List<OperationRecord> records)
    {
        foreach (var page in records.Chunk(10))
        {
            await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
        }
    }
}
