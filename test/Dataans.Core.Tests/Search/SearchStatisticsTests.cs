using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// The ranking's cached statistics (note lengths, term counts) follow every change of the index: after edits,
/// deletions and writes by another store on the same files, each rank is still exactly FTS5's bm25().
/// </summary>
public sealed class SearchStatisticsTests : IDisposable
{
    private static readonly string[] Filler = ["river", "stone", "window", "letter", "morning", "yellow", "garden", "coffee"];

    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("orchid")] // a third of the notes: the IDF depends on the exact count, so a stale or miscounted one shows
    [InlineData("orchid tulip")]
    [InlineData("rchi")]
    public async Task Ranks_StayExactBm25_AsTheIndexChanges(string query)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Flowers");
        var random = new Random(11);
        var notes = new List<Guid>();
        for (var i = 0; i < 150; i++)
        {
            notes.Add((await store.CreateNoteAsync(space.Id, Sentence(random, i))).Id);
        }

        var search = new NoteSearch(store);
        await AssertExactAsync(store, search, query);
        await AssertExactAsync(store, search, query); // the second search uses the cached statistics

        await store.CreateNoteAsync(space.Id, "orchid orchid tulip");
        await store.UpdateNoteAsync(notes[3], "orchid " + string.Join(' ', Enumerable.Repeat("long text", 40)));
        await store.UpdateNoteAsync(notes[4], "no flowers here at all");
        await store.UpdateNoteAsync(notes[7], "orchid tulip orchid"); // shorter and better: a stale length would misplace it at the top
        await store.DeleteNoteAsync(notes[5]);
        await AssertExactAsync(store, search, query);

        using (var other = await _directory.OpenStoreAsync()) // another store on the same files, as another process
        {
            for (var i = 0; i < 30; i++)
            {
                await other.CreateNoteAsync(space.Id, "orchid tulip " + Sentence(random, i));
            }
        }

        await AssertExactAsync(store, search, query);

        // Another store wrote first, then this one: its statistics must not follow its own write from the other's state.
        await AssertExactAsync(store, search, query);
        using (var other = await _directory.OpenStoreAsync())
        {
            await other.UpdateNoteAsync(notes[8], "orchid tulip orchid tulip orchid");
        }

        await store.UpdateNoteAsync(notes[9], "orchid");
        await AssertExactAsync(store, search, query);
    }

    [Fact]
    public async Task NotesWrittenHere_AreFollowed_WithoutLoadingEveryLengthAgain()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Flowers");
        var random = new Random(5);
        var notes = new List<Guid>();
        for (var i = 0; i < 80; i++)
        {
            notes.Add((await store.CreateNoteAsync(space.Id, Sentence(random, i))).Id);
        }

        var search = new NoteSearch(store);
        await AssertExactAsync(store, search, "orchid");
        var loads = store.Database.SearchStatistics.Loads;

        await store.UpdateNoteAsync(notes[10], "orchid orchid"); // shorter and better: a stale length would misplace it
        await AssertExactAsync(store, search, "orchid");
        await store.CreateNoteAsync(space.Id, "orchid tulip orchid"); // a new rowid, past the lengths loaded
        await AssertExactAsync(store, search, "orchid tulip"); // counts both terms
        await store.DeleteNoteAsync(notes[20]);
        await store.UpdateNoteAsync(notes[30], Sentence(random, 1) + " orchid"); // may or may not have matched before
        await store.UpdateNoteAsync(notes[0], "no flowers"); // matched both before (i % 3 == 0, i % 4 == 0)
        await store.UpdateNoteAsync(notes[1], "tulip"); // matched neither
        await store.UpdateNoteAsync(notes[1], "tulip and orchid"); // twice in a row

        var counts = store.Database.SearchStatistics.Cached!.DocumentCounts; // followed, not dropped
        Assert.Equal(await IndexCountAsync(store, "orchid"), counts["orchid"]);
        Assert.Equal(await IndexCountAsync(store, "tulip"), counts["tulip"]);
        await AssertExactAsync(store, search, "orchid tulip");
        await AssertExactAsync(store, search, "orchid");
        Assert.Equal(loads, store.Database.SearchStatistics.Loads);
    }

    [Fact]
    public async Task ACommitByAnotherStore_RightAfterOneHere_IsNotMissed()
    {
        using var store = await _directory.OpenStoreAsync();
        using var other = await _directory.OpenStoreAsync(); // another store on the same files, as another process
        var space = await store.CreateSpaceAsync("Flowers");
        var random = new Random(13);
        var notes = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            notes.Add((await store.CreateNoteAsync(space.Id, Sentence(random, i))).Id);
        }

        var search = new NoteSearch(store);
        await AssertExactAsync(store, search, "orchid");
        var loads = store.Database.SearchStatistics.Loads;

        // Between this store's commit and its reading of the new index state, the other store changes a length and the count.
        store.Transactions.AfterIndexingCommit = () =>
        {
            store.Transactions.AfterIndexingCommit = null;
            other.UpdateNoteAsync(notes[6], "orchid orchid").GetAwaiter().GetResult();
            for (var i = 0; i < 8; i++)
            {
                other.CreateNoteAsync(space.Id, "orchid " + Sentence(random, i)).GetAwaiter().GetResult();
            }
        };
        await store.UpdateNoteAsync(notes[2], "orchid tulip");

        Assert.Null(store.Transactions.AfterIndexingCommit); // the hook ran
        await AssertExactAsync(store, search, "orchid");
        Assert.Equal(loads + 1, store.Database.SearchStatistics.Loads);
    }

    [Fact]
    public async Task ATransactionReindexingManyRows_FollowsTheLengths_AndCountsTheTermsAgain()
    {
        using var source = new TestDataDirectory();
        using var writer = await source.OpenStoreAsync();
        using var store = await _directory.OpenStoreAsync();
        var space = await writer.CreateSpaceAsync("Flowers");
        var random = new Random(7);
        for (var i = 0; i < 40; i++)
        {
            await writer.CreateNoteAsync(space.Id, Sentence(random, i));
        }

        await store.ApplyAsync((await writer.SyncLedger.ReadLogAsync()).Select(operation => operation.Record));
        var search = new NoteSearch(store);
        await AssertExactAsync(store, search, "orchid tulip");
        var loads = store.Database.SearchStatistics.Loads;
        for (var i = 0; i < 12; i++)
        {
            await writer.CreateNoteAsync(space.Id, "orchid " + Sentence(random, i));
        }

        await store.ApplyAsync((await writer.SyncLedger.ReadLogAsync()).Select(operation => operation.Record)); // one transaction, as a pulled page

        Assert.Empty(store.Database.SearchStatistics.Cached!.DocumentCounts);
        await AssertExactAsync(store, search, "orchid tulip");
        Assert.Equal(loads, store.Database.SearchStatistics.Loads);
    }

    private static Task<long> IndexCountAsync(DataansStore store, string term) =>
        store.Transactions.ReadAsync(batch => (long)batch.Scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH @p", ("@p", "\"" + term + "\""))!, CancellationToken.None);

    [Fact]
    public async Task TwoStores_RankWithTheirOwnStatistics()
    {
        using var second = new TestDataDirectory();
        using var first = await _directory.OpenStoreAsync();
        using var other = await second.OpenStoreAsync();
        var random = new Random(3);
        var space = await first.CreateSpaceAsync("One");
        var otherSpace = await other.CreateSpaceAsync("Two");
        for (var i = 0; i < 60; i++)
        {
            await first.CreateNoteAsync(space.Id, Sentence(random, i));
            await other.CreateNoteAsync(otherSpace.Id, Sentence(random, i * 7) + " orchid orchid");
        }

        await AssertExactAsync(first, new NoteSearch(first), "orchid");
        await AssertExactAsync(other, new NoteSearch(other), "orchid");
        await AssertExactAsync(first, new NoteSearch(first), "orchid");
    }

    private static string Sentence(Random random, int i) =>
        string.Join(' ', Enumerable.Range(0, random.Next(2, 30)).Select(_ => Filler[random.Next(Filler.Length)]))
        + (i % 3 == 0 ? " orchid" : string.Empty) + (i % 4 == 0 ? " tulip" : string.Empty) + (i % 9 == 0 ? " orchid" : string.Empty);

    private static async Task AssertExactAsync(DataansStore store, NoteSearch search, string query)
    {
        var hits = await search.SearchAsync(query, limit: 10);
        var expected = await SearchRankingTests.FullRankingAsync(store, query, spaceId: null);
        Assert.NotEmpty(hits);
        Assert.Equal(expected.Take(hits.Count).Select(row => row.Rank), hits.Select(hit => hit.Rank));
        Assert.All(hits, hit => Assert.Equal(expected.Single(row => row.NoteId == hit.Note.Id).Rank, hit.Rank));
    }
}
