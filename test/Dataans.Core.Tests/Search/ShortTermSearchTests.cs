using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// Terms shorter than the trigram index's three characters are found as substrings in any case, letters of every
/// script (as the index folds longer terms), and the characters a <c>LIKE</c> pattern treats as wildcards or escapes
/// only as themselves. Hits and total agree with that rule, checked here note by note.
/// </summary>
public sealed class ShortTermSearchTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "50% off today", "snake_case names", @"a back\slash", "AB testing", "the abc of it", "ÉCOLE du soir", "une école",
        "明日は東京で会議", "Kelvin: 300 K", "5_0 and 50", "a%b plan", @"x\y path", "plain words",
        "Як справи?", "ЯК ТАК", "та як же", "ΩΜΕΓΑ", "ωμέγα", "Öl und öl",
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
    [InlineData("як")]
    [InlineData("ЯК")]
    [InlineData("Ω")]
    [InlineData("öl")]
    [InlineData("Я")]
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

        var expected = ids.Where(note => note.Value.ToLowerInvariant().Contains(term.ToLowerInvariant(), StringComparison.Ordinal)).Select(note => note.Key).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, hits.Select(hit => hit.Note.Id).Order().ToList());
        Assert.Equal(expected.Count, await search.CountAsync(term));
        Assert.Equal(expected.Count, await search.CountAsync(term, space.Id));
    }

    [Theory]
    [InlineData("λόγος", "Σ", true)] // a final sigma is a sigma in any case
    [InlineData("ΛΌΓΟΣ", "ς", true)]
    [InlineData("a\0Як", "як", true)] // past a NUL, where LIKE would stop
    [InlineData("ЯКЩО", "кщ", true)]
    [InlineData("якщо", "кш", false)]
    [InlineData("як", "яка", false)]
    [InlineData("Öl", "ö", true)]
    [InlineData("Ol", "ö", false)]
    public void TheFoldedComparison_MatchesAsOrdinalIgnoreCase(string text, string term, bool expected)
    {
        Assert.Equal(expected, ShortTermMatch.ContainsFolded(text, term));
        Assert.Equal(text.Contains(term, StringComparison.OrdinalIgnoreCase), ShortTermMatch.ContainsFolded(text, term));
    }
}
