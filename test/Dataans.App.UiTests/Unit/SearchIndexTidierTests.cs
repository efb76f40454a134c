using Dataans.App.Ui.Hosting;
using Dataans.Core.Storage;
using Dataans.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataans.App.UiTests.Unit;

/// <summary>The app tidies a search index that notes written one by one left in many segments, once notes stop changing.</summary>
public sealed class SearchIndexTidierTests : IAsyncLifetime
{
    private static readonly string[] Words = ["budget", "review", "quarterly", "deployment", "garden", "tomato", "report", "plan"];

    private readonly string _dataDir = Directory.CreateTempSubdirectory("dataans-tidier-").FullName;
    private DataansStore? _store;

    public async Task InitializeAsync() => _store = await DataansStore.OpenAsync(new DataDirectory(_dataDir));

    public Task DisposeAsync()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AStoreOpenedWithManySegments_IsTidiedSoonAfterTheStart()
    {
        var store = _store!;
        var space = await WriteNoteByNoteAsync(store);
        Assert.True(await store.CountSearchIndexSegmentsAsync() > DataansStore.TidySearchIndexAbove);
        await using var tidier = new SearchIndexTidier(store, NullLogger<SearchIndexTidier>.Instance) { QuietPeriod = TimeSpan.FromMilliseconds(100) };

        await tidier.StartAsync(CancellationToken.None);

        await WaitForOneSegmentAsync(store);
        Assert.Equal(Notes, (await new Core.Search.NoteSearch(store).SearchAsync("budget", space, limit: 1_000)).Count);
    }

    [Fact]
    public async Task AfterNotesStopChanging_TheIndexIsTidied()
    {
        var store = _store!;
        await using var tidier = new SearchIndexTidier(store, NullLogger<SearchIndexTidier>.Instance) { QuietPeriod = TimeSpan.FromSeconds(1) };
        await tidier.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => tidier.Runs == 1, "the run after the start", TimeSpan.FromSeconds(30)); // an empty index: nothing to merge

        var space = await WriteNoteByNoteAsync(store); // milliseconds apart: no quiet period in between
        Assert.True(await store.CountSearchIndexSegmentsAsync() > DataansStore.TidySearchIndexAbove);

        await WaitForOneSegmentAsync(store);
        Assert.Equal(Notes, (await new Core.Search.NoteSearch(store).SearchAsync("budget", space, limit: 1_000)).Count);
    }

    private const int Notes = 250;

    /// <summary>Notes of about 7,000 characters, each written in its own transaction: each adds a segment until FTS5 merges.</summary>
    private static async Task<Guid> WriteNoteByNoteAsync(DataansStore store)
    {
        var space = await store.CreateSpaceAsync("Work " + Guid.NewGuid().ToString("N")[..6]);
        var random = new Random(3);
        for (var i = 0; i < Notes; i++)
        {
            await store.CreateNoteAsync(space.Id, "budget " + string.Join(' ', Enumerable.Range(0, random.Next(700, 1000)).Select(_ => Words[random.Next(Words.Length)])));
        }

        return space.Id;
    }

    private static Task WaitForOneSegmentAsync(DataansStore store) =>
        Eventually.TrueAsync(async () => await store.CountSearchIndexSegmentsAsync() <= 1, "the index tidied into one segment", TimeSpan.FromSeconds(30));

    [Fact]
    public async Task StoppingWhileWaiting_LeavesTheStoreUsable()
    {
        var store = _store!;
        var tidier = new SearchIndexTidier(store, NullLogger<SearchIndexTidier>.Instance) { QuietPeriod = TimeSpan.FromMilliseconds(1) };
        await tidier.StartAsync(CancellationToken.None);
        var space = await store.CreateSpaceAsync("Work");
        await store.CreateNoteAsync(space.Id, "budget review");

        await tidier.StopAsync(CancellationToken.None);
        await tidier.DisposeAsync();

        await store.CreateNoteAsync(space.Id, "after the stop");
        Assert.Single(await new Core.Search.NoteSearch(store).SearchAsync("after the stop"));
    }
}
