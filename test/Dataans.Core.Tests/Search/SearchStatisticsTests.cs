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
    }

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
