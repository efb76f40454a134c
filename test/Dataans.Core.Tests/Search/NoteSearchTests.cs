using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Search;

public sealed class NoteSearchTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TwoCharacterCjkQuery_FindsNoteContainingIt()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("旅行");
        var note = await store.CreateNoteAsync(space.Id, "明日は東京で会議があります");
        await store.CreateNoteAsync(space.Id, "大阪に行く");

        var hits = await new NoteSearch(store).SearchAsync("東京");

        var hit = Assert.Single(hits);
        Assert.Equal(note.Id, hit.Note.Id);
        Assert.Equal("旅行", hit.SpaceName);
        Assert.Contains($"{NoteSearch.HighlightStart}東京{NoteSearch.HighlightEnd}", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snippet_KeepsTheWordsAroundAMatchInTheMiddleOfALongNote()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Long");
        var before = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"alpha{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"omega{i}"));
        await store.CreateNoteAsync(space.Id, $"{before} the quarterly budget review {after}");

        var hit = Assert.Single(await new NoteSearch(store).SearchAsync("budget"));

        Assert.Contains($"alpha39 the quarterly {NoteSearch.HighlightStart}budget{NoteSearch.HighlightEnd} review omega0 omega1", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongerCjkQuery_UsesTheIndex_AndHighlights()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        await store.CreateNoteAsync(space.Id, "明日は東京で会議があります");

        var hit = Assert.Single(await new NoteSearch(store).SearchAsync("東京で会議"));

        Assert.Contains($"{NoteSearch.HighlightStart}", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubstringQuery_IsCaseInsensitive_AndRanked()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        var weak = await store.CreateNoteAsync(space.Id, "A long note about many things, once mentioning deployment among other words and topics.");
        var strong = await store.CreateNoteAsync(space.Id, "Deployment checklist: deployment steps");
        await store.CreateNoteAsync(space.Id, "Unrelated");

        var hits = await new NoteSearch(store).SearchAsync("DEPLOY");

        Assert.Equal([strong.Id, weak.Id], hits.Select(hit => hit.Note.Id));
    }

    [Fact]
    public async Task Search_FollowsEditsDeletesAndSpaceFilter()
    {
        using var store = await _directory.OpenStoreAsync();
        var work = await store.CreateSpaceAsync("Work");
        var home = await store.CreateSpaceAsync("Home");
        var edited = await store.CreateNoteAsync(work.Id, "groceries list");
        var deleted = await store.CreateNoteAsync(home.Id, "groceries for the party");
        var kept = await store.CreateNoteAsync(home.Id, "more groceries");
        var search = new NoteSearch(store);

        await store.UpdateNoteAsync(edited.Id, "quarterly report");
        await store.DeleteNoteAsync(deleted.Id);

        Assert.Equal([kept.Id], (await search.SearchAsync("groceries")).Select(hit => hit.Note.Id));
        Assert.Equal([edited.Id], (await search.SearchAsync("quarterly", work.Id)).Select(hit => hit.Note.Id));
        Assert.Empty(await search.SearchAsync("quarterly", home.Id));
        await store.DeleteSpaceAsync(home.Id);
        Assert.Empty(await search.SearchAsync("groceries"));
    }

    [Fact]
    public async Task MultipleTerms_MustAllMatch_InAnyOrder()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        var both = await store.CreateNoteAsync(space.Id, "release notes for version two");
        await store.CreateNoteAsync(space.Id, "release party");

        var hits = await new NoteSearch(store).SearchAsync("version release");

        Assert.Equal([both.Id], hits.Select(hit => hit.Note.Id));
    }

    [Theory]
    [InlineData("wor*", "hello world|wor* as typed")]
    [InlineData("*orld", "hello world")]
    [InlineData("**wor**", "hello world|wor* as typed")]
    [InlineData("5*3", "5*3 is fifteen")]
    [InlineData("\"wor*\"", "wor* as typed")]
    [InlineData("*", "5*3 is fifteen|wor* as typed|a lone *")]
    public async Task Asterisks_AroundAnUnquotedTerm_AreWildcards_ElsewhereTheyAreText(string query, string expected)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        foreach (var text in new[] { "hello world", "5*3 is fifteen", "wor* as typed", "a lone *", "nothing here" })
        {
            await store.CreateNoteAsync(space.Id, text);
        }

        var hits = await new NoteSearch(store).SearchAsync(query);

        Assert.Equal(expected.Split('|').Order(StringComparer.Ordinal), hits.Select(hit => hit.Note.Text).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("NEAR(a b)")]
    [InlineData("text* OR -x ^y :z")]
    [InlineData("'); DROP TABLE notes; --")]
    [InlineData("   ")]
    public async Task HostileQueries_AreTreatedAsText_AndNeverThrow(string query)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Work");
        await store.CreateNoteAsync(space.Id, "some text");

        var hits = await new NoteSearch(store).SearchAsync(query);

        Assert.All(hits, hit => Assert.Equal("some text", hit.Note.Text));
        Assert.Single(await store.ListSpacesAsync());
    }

    [Fact]
    public async Task RemoteOperations_AreSearchable()
    {
        using var source = await _directory.OpenStoreAsync();
        var space = await source.CreateSpaceAsync("Work");
        await source.CreateNoteAsync(space.Id, "synced from elsewhere");
        using var otherDirectory = new TestDataDirectory();
        using var target = await otherDirectory.OpenStoreAsync();

        await target.ApplyAsync((await source.SyncLedger.ReadLogAsync()).Select(logged => logged.Record).ToList());

        Assert.Single(await new NoteSearch(target).SearchAsync("elsewhere"));
    }
}
