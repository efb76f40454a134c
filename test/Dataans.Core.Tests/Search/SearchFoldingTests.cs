using Dataans.Core.Search;

namespace Dataans.Core.Tests.Search;

/// <summary>Search folds accents and case for Latin text both ways (18.6): "cafe" finds "café", "CAFÉ" finds "cafe".</summary>
public sealed class SearchFoldingTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("cafe")]
    [InlineData("CAFE")]
    [InlineData("Café")]
    [InlineData("CAFÉ")]
    public async Task AccentsAndCase_AreFolded_InTheQueryAndTheNotes(string query)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Trips");
        var accented = await store.CreateNoteAsync(space.Id, "Coffee at the café by the river");
        var plain = await store.CreateNoteAsync(space.Id, "The CAFE sign was missing");
        await store.CreateNoteAsync(space.Id, "Tea at home");

        var hits = await new NoteSearch(store).SearchAsync(query);

        Assert.Equal(new[] { accented.Id, plain.Id }.Order(), hits.Select(hit => hit.Note.Id).Order());
        var hit = Assert.Single(hits, hit => hit.Note.Id == accented.Id);
        Assert.Contains($"{NoteSearch.HighlightStart}café{NoteSearch.HighlightEnd}", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FoldedWords_InsideLongerQueries_StillMatch()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Reading");
        var note = await store.CreateNoteAsync(space.Id, "A naïve résumé of the Übermensch idea");
        await store.CreateNoteAsync(space.Id, "A naive plan");

        var hit = Assert.Single(await new NoteSearch(store).SearchAsync("resume ubermensch"));

        Assert.Equal(note.Id, hit.Note.Id);
    }
}
