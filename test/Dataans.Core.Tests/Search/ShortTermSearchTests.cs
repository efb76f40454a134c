using Dataans.Core.Search;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// Terms shorter than the trigram index's three characters are found as substrings: ASCII letters in either case,
/// every other character as the lowered term has it, and the characters a <c>LIKE</c> pattern treats as wildcards
/// or escapes only as themselves. Hits and total agree with that rule, checked here note by note.
/// </summary>
public sealed class ShortTermSearchTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "50% off today", "snake_case names", @"a back\slash", "AB testing", "the abc of it", "ÉCOLE du soir", "une école",
        "明日は東京で会議", "Kelvin: 300 K", "5_0 and 50", "a%b plan", @"x\y path", "plain words",
    ];

    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData(@"\")]
    [InlineData("ab")]
    [InlineData("AB")]
    [InlineData("a%")]
    [InlineData("e_")]
    [InlineData(@"k\")]
    [InlineData("é")]
    [InlineData("É")]
    [InlineData("東京")]
    [InlineData("50")]
    [InlineData("k")]
    [InlineData("\u212A")] // the Kelvin sign, which lowers to an ASCII 'k'
    public async Task AShortTerm_FindsExactlyTheNotesContainingIt(string term)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Mixed");
        var ids = new Dictionary<Guid, string>();
        foreach (var text in Texts)
        {
            ids[(await store.CreateNoteAsync(space.Id, text)).Id] = text;
        }

        var search = new NoteSearch(store);
        var hits = await search.SearchAsync(term, limit: 100);

        var expected = ids.Where(note => FoldAsciiLetters(note.Value).Contains(term.ToLowerInvariant(), StringComparison.Ordinal)).Select(note => note.Key).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, hits.Select(hit => hit.Note.Id).Order().ToList());
        Assert.Equal(expected.Count, await search.CountAsync(term));
        Assert.Equal(expected.Count, await search.CountAsync(term, space.Id));
    }

    private static string FoldAsciiLetters(string text) => string.Concat(text.Select(character => char.IsAsciiLetterUpper(character) ? char.ToLowerInvariant(character) : character));
}
