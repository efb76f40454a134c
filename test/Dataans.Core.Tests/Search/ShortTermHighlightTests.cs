using Dataans.Core.Search;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// A short term (under three characters, outside the trigram index) is highlighted wherever the snippet holds it, in
/// any case, beside the index's own marks for the longer terms and beside other short terms.
/// </summary>
public sealed class ShortTermHighlightTests : IDisposable
{
    private const char Start = NoteSearch.HighlightStart;
    private const char End = NoteSearch.HighlightEnd;

    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("Я тут, Mi casa, 東京で会議", "casa 東京", "Я тут, Mi [casa], [東京]で会議")]
    [InlineData("Я тут, Mi casa, 東京で会議", "mi CASA", "Я тут, [Mi] [casa], 東京で会議")]
    [InlineData("Я тут, Mi casa, 東京で会議", "я 東京", "[Я] тут, Mi casa, [東京]で会議")]
    [InlineData("明日は東京で会議があります", "東京 会議", "明日は[東京]で[会議]があります")]
    [InlineData("ab abc ABD", "ab", "[ab] [ab]c [AB]D")]
    [InlineData("the abc of it", "abc b", "the [abc] of it")] // inside the index's mark, nothing more is marked
    [InlineData("a bc abc", "bc abc", "a [bc] [abc]")]
    public async Task ShortTerms_AreHighlightedWhereverTheSnippetHoldsThem(string text, string query, string expected)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Mixed");
        await store.CreateNoteAsync(space.Id, text);

        var hit = Assert.Single(await new NoteSearch(store).SearchAsync(query));

        Assert.Equal(expected, Brackets(hit.Snippet));
    }

    [Theory]
    [InlineData("x x", new[] { "x", "x y" }, "[x] [x]")]
    [InlineData("abab", new[] { "a", "ab" }, "[ab][ab]")] // where two start at one place, the longer is marked
    [InlineData("\u0002bb\u0003 b", new[] { "b" }, "[bb] [b]")] // the index's marks stay as they are
    [InlineData("\u0002b", new[] { "b" }, "[b")] // an unclosed mark keeps the rest
    [InlineData("a\u0002b", new[] { "\u0002b" }, "a[b")] // a term holding a mark's character is not marked
    [InlineData("Straße", new[] { "SS" }, "Straße")] // ordinal, as the search compares: ß is not "ss"
    public void Add_MarksOnlyBetweenMarks(string snippet, string[] terms, string expected) =>
        Assert.Equal(expected, Brackets(ShortTermHighlights.Add(snippet, terms)));

    private static string Brackets(string snippet) => snippet.Replace(Start, '[').Replace(End, ']');
}
