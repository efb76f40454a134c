using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Search;

/// <summary>The ranked page is the head of a BM25 ranking of every visible match, however the leaders are found.</summary>
public sealed class SearchRankingTests : IDisposable
{
    private static readonly string[] Words = ["budget", "review", "quarterly", "deployment", "garden", "tomato", "report", "budgetary", "plan", "notes"];

    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("budget", null)]
    [InlineData("udge", null)]
    [InlineData("budget report", null)]
    [InlineData("garden", 1)]
    [InlineData("plan to", null)]
    public async Task TopHits_AreTheHeadOfTheFullRanking_WithSnippets(string query, int? spaceIndex)
    {
        using var store = await _directory.OpenStoreAsync();
        var spaces = new[] { await store.CreateSpaceAsync("One"), await store.CreateSpaceAsync("Two"), await store.CreateSpaceAsync("Gone") };
        var random = new Random(5);
        var notes = new List<Guid>();
        for (var i = 0; i < 300; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, random.Next(3, 40)).Select(_ => Words[random.Next(Words.Length)]));
            notes.Add((await store.CreateNoteAsync(spaces[i % 3].Id, text + (i % 7 == 0 ? " to" : string.Empty))).Id);
        }

        foreach (var deleted in notes.Where((_, i) => i % 5 == 0))
        {
            await store.DeleteNoteAsync(deleted);
        }

        await store.DeleteSpaceAsync(spaces[2].Id);
        Guid? spaceId = spaceIndex is { } index ? spaces[index].Id : null;

        var hits = await new NoteSearch(store).SearchAsync(query, spaceId, limit: 20);

        var expected = await FullRankingAsync(store, query, spaceId);
        Assert.Equal(Math.Min(20, expected.Count), hits.Count);
        Assert.Equal(expected.Take(20).Select(row => row.Rank), hits.Select(hit => hit.Rank));
        Assert.All(hits, hit => Assert.Equal(expected.Single(row => row.NoteId == hit.Note.Id).Rank, hit.Rank));
        Assert.All(hits, hit => Assert.Contains(NoteSearch.HighlightStart, hit.Snippet));
    }

    [Fact]
    public async Task DeletedNotesThatOutrankEveryVisibleOne_AreSkipped()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        for (var i = 0; i < 80; i++)
        {
            await store.DeleteNoteAsync((await store.CreateNoteAsync(space.Id, "budget budget budget")).Id);
        }

        var weak = await store.CreateNoteAsync(space.Id, "a long note about many other things that mentions the budget once");
        var weaker = await store.CreateNoteAsync(space.Id, "an even longer note about many many other things and topics that mentions the budget once");

        var hits = await new NoteSearch(store).SearchAsync("budget", limit: 2);

        Assert.Equal([weak.Id, weaker.Id], hits.Select(hit => hit.Note.Id));
    }

    /// <summary>Every visible match ranked by the index's BM25 in one join: the reference the search must agree with.</summary>
    internal static Task<List<(Guid NoteId, double Rank)>> FullRankingAsync(DataansStore store, string query, Guid? spaceId) =>
        store.Transactions.ReadAsync(batch =>
        {
            var terms = NoteSearch.SplitTerms(query);
            var indexed = terms.Where(term => term.Length >= 3).ToList();
            var filters = string.Concat(terms.Except(indexed).Select(term => $" AND instr(lower(n.text), '{term}') > 0"));
            filters += spaceId is null ? string.Empty : " AND n.space_id = @space";
            var rows = new List<(Guid, double)>();
            using var reader = batch.Reader(
                $"""
                SELECT n.id, bm25(notes_fts) FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                WHERE notes_fts MATCH @match AND {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
                ORDER BY 2
                """,
                ("@match", string.Join(" AND ", indexed.Select(term => $"\"{term}\""))),
                ("@space", spaceId is { } id ? DbValue.Id(id) : null));
            while (reader.Read())
            {
                rows.Add((reader.GetId(0), reader.GetDouble(1)));
            }

            return rows;
        }, CancellationToken.None);
}
