using System.Text;
using Dataans.Core.Search;
using Dataans.Core.Storage.Ranking;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// The ranking finds candidates by a term's covering trigrams and keeps only the exact runs: notes holding those
/// trigrams elsewhere are neither hits nor counted, and every rank and count is still that of the term's phrase.
/// </summary>
public sealed class TrigramCoverTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("budget", "\"bud\" AND \"get\"")]
    [InlineData("jazz", "\"jaz\" AND \"azz\"")]
    [InlineData("babbling", "\"bab\" AND \"bli\" AND \"ing\"")]
    [InlineData("abcdefghi", "\"abc\" AND \"def\" AND \"ghi\"")]
    [InlineData("a\"bcd", "\"a\"\"b\" AND \"bcd\"")]
    [InlineData("x😀yz", "\"x😀y\" AND \"😀yz\"")]
    public void ACover_StartsATrigramEveryThreeCharactersAndAtTheLast(string term, string cover)
    {
        Assert.Equal($"({cover})", TrigramCover.Of([term]).Expression);
        Assert.Equal($"\"cat\" AND ({cover})", TrigramCover.Of(["cat", term]).Expression);
    }

    [Fact]
    public void ATermOfThreeCharacters_OrOneWhoseCharactersMayNotBeOnePositionEach_StaysAPhrase()
    {
        var cover = TrigramCover.Of(["cat", "ab\0cd", "ab\ud800cd", "cafe\u0301s"]);

        Assert.Equal("\"cat\" AND \"ab\0cd\" AND \"ab\ud800cd\" AND \"cafe\u0301s\"", cover.Expression);
        Assert.False(cover.Covers);
    }

    [Fact]
    public void EveryCharacterACoverTakesAsOnePosition_IsOnePositionInTheIndex()
    {
        var text = new StringBuilder();
        var characters = 0;
        for (var value = 1; value <= 0x10FFFF; value++)
        {
            if (Rune.IsValid(value) && TrigramCover.IsOnePosition(new Rune(value)))
            {
                text.Append(new Rune(value).ToString());
                characters++;
            }
        }

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'trigram remove_diacritics 1');
            CREATE VIRTUAL TABLE v USING fts5vocab (t, instance);
            INSERT INTO t VALUES (@text);
            SELECT count(*) FROM v;
            """;
        command.Parameters.AddWithValue("@text", text.ToString());

        Assert.Equal(characters - 2, (long)command.ExecuteScalar()!);
        Assert.False(TrigramCover.IsOnePosition(new Rune(0x301))); // as the index's folding drops it
    }

    [Theory]
    [InlineData("budget")] // bud…get
    [InlineData("jazz")] // jaz…azz
    [InlineData("babbling")] // bab…bli…ing
    [InlineData("aaaaaa")] // overlapping runs
    [InlineData("x😀yz")] // a character outside the BMP: two UTF-16 units, one position
    [InlineData("cafe\u0301s")] // a combining accent, which the index's folding drops
    [InlineData("cafés")]
    [InlineData("ne\u0301e\u0301")]
    [InlineData("x\u200Dyzw")] // a zero-width joiner (a format character)
    [InlineData("x\u00ADyzw")] // a soft hyphen
    [InlineData("budget jazz")]
    [InlineData("budget ja")] // a short term filters by substring
    public async Task OnlyExactRuns_AreHitsAndCounted_RankedAsThePhrase(string query)
    {
        using var store = await _directory.OpenStoreAsync();
        var work = await store.CreateSpaceAsync("Work");
        var home = await store.CreateSpaceAsync("Home");
        string[] texts =
        [
            "the budget and the jazz band", "budding target, pizazz of jaz", "a budget budget for jazz jazz jazz",
            "babbling brook", "bab bli ing babbl ing", "babbling babbling, the budget", "aaaaaaaa", "aaaaa aaaaa",
            "x😀yz and x😀y😀yz", "x😀y z", "BUDGET in capitals, JAZZ too", "bü dget jäzz",
            "two cafe\u0301s and cafés, ne\u0301e\u0301 and néé", "cafe s, ne e", "x\u200Dyzw x\u00ADyzw xyzw",
            string.Concat(Enumerable.Repeat("budget babbling jazz ", 300)), // more positions of a trigram than the first buffer holds
        ];
        for (var i = 0; i < 60; i++)
        {
            await store.CreateNoteAsync(i % 5 == 0 ? home.Id : work.Id, texts[i % texts.Length] + (i % 4 == 0 ? " and more words to vary the length" : string.Empty));
        }

        var search = new NoteSearch(store);

        foreach (Guid? space in new Guid?[] { null, work.Id })
        {
            var hits = await search.SearchAsync(query, space, limit: 1_000);
            var expected = await SearchRankingTests.FullRankingAsync(store, query, space);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(row => (row.NoteId, row.Rank)).ToHashSet(), hits.Select(hit => (hit.Note.Id, hit.Rank)).ToHashSet());
            Assert.Equal(expected.Select(row => row.Rank), hits.Select(hit => hit.Rank));
            Assert.Equal(expected.Count, await search.CountAsync(query, space));
            Assert.Equal(expected.Take(3).Select(row => row.NoteId), (await search.SearchAsync(query, space, limit: 3)).Select(hit => hit.Note.Id));
        }
    }

    [Fact]
    public async Task NotesWithTheTrigramsApart_AreNotHits_EvenWhenTheyOutnumberTheMatches()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        for (var i = 0; i < 100; i++)
        {
            await store.CreateNoteAsync(space.Id, "budding target");
        }

        var match = await store.CreateNoteAsync(space.Id, "a long note about many other things that mentions the budget once");
        var search = new NoteSearch(store);

        Assert.Equal([match.Id], (await search.SearchAsync("budget", limit: 2)).Select(hit => hit.Note.Id));
        Assert.Equal(1, await search.CountAsync("budget"));
        Assert.Empty(await search.SearchAsync("budgeting", limit: 2));
        Assert.Equal(0, await search.CountAsync("budgeting"));
    }
}
