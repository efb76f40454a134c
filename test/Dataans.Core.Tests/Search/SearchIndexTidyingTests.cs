using System.Globalization;
using Dataans.Core.Search;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// Tidying the search index: a store written note by note has many segments; tidying merges them into one, in
/// several short write transactions, while search keeps finding the same notes and writes made meanwhile are indexed.
/// </summary>
public sealed class SearchIndexTidyingTests : IDisposable
{
    private static readonly string[] Words = ["budget", "review", "quarterly", "deployment", "garden", "tomato", "report", "café", "東京で会議", "plan"];

    private static readonly string[] Queries = ["budget", "udge", "budget report", "cafe", "東京で会議", "garden tomato plan"];

    private readonly TestDataDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task ManySegments_AreMergedIntoOne_InSeveralSteps_AndSearchFindsTheSame()
    {
        using var store = await _directory.OpenStoreAsync();
        await WriteNoteByNoteAsync(store, 250);
        Assert.True(await store.CountSearchIndexSegmentsAsync() > DataansStore.TidySearchIndexAbove);
        var search = new NoteSearch(store);
        var before = await PagesAsync(search);

        var steps = await store.TidySearchIndexAsync();

        Assert.True(steps > 1, $"one step merged everything ({steps}): the test's index is too small to show the merge resumed");
        Assert.Equal(1, await store.CountSearchIndexSegmentsAsync());
        Assert.Equal(before, await PagesAsync(search));
        CheckIndexMatchesTheNotes();
        Assert.Equal(0, await store.TidySearchIndexAsync());
    }

    [Fact]
    public async Task NotesWrittenWhileTidying_AreFound_AndTheIndexMatchesTheNotes()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await WriteNoteByNoteAsync(store, 250);
        var tidying = store.TidySearchIndexAsync();
        var written = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            written.Add((await store.CreateNoteAsync(space, $"written meanwhile zebracorn{i:D2}")).Id);
        }

        Assert.True(await tidying > 0);
        var search = new NoteSearch(store);
        for (var i = 0; i < written.Count; i++)
        {
            Assert.Equal([written[i]], (await search.SearchAsync($"zebracorn{i:D2}")).Select(hit => hit.Note.Id));
        }

        Assert.Equal(30, await search.CountAsync("zebracorn"));
        CheckIndexMatchesTheNotes();
        await store.TidySearchIndexAsync(maxSegments: 1);
        Assert.Equal(1, await store.CountSearchIndexSegmentsAsync());
    }

    [Fact]
    public async Task AnIndexWithFewSegments_IsLeftAsItIs()
    {
        using var store = await _directory.OpenStoreAsync();
        await WriteNoteByNoteAsync(store, 2);
        var segments = await store.CountSearchIndexSegmentsAsync();
        Assert.InRange(segments, 1, DataansStore.TidySearchIndexAbove);

        Assert.Equal(0, await store.TidySearchIndexAsync());
        Assert.Equal(segments, await store.CountSearchIndexSegmentsAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TidySearchIndexAsync(maxSegments: 0));
    }

    /// <summary>Notes of about 7,000 characters, each written in its own transaction (so each adds a segment until FTS5 merges).</summary>
    private static async Task<Guid> WriteNoteByNoteAsync(DataansStore store, int count)
    {
        var space = (await store.CreateSpaceAsync("Work")).Id;
        var random = new Random(11);
        for (var i = 0; i < count; i++)
        {
            await store.CreateNoteAsync(space, string.Join(' ', Enumerable.Range(0, random.Next(700, 1000)).Select(_ => Words[random.Next(Words.Length)])));
        }

        return space;
    }

    private static async Task<List<string>> PagesAsync(NoteSearch search)
    {
        var pages = new List<string>();
        foreach (var query in Queries)
        {
            var hits = await search.SearchAsync(query, limit: 40);
            Assert.NotEmpty(hits);
            pages.Add($"{query}: {await search.CountAsync(query)} " + string.Join(", ", hits.Select(hit => $"{hit.Note.Id} {hit.Rank.ToString("R", CultureInfo.InvariantCulture)} {hit.Snippet}")));
        }

        return pages;
    }

    /// <summary>FTS5's own check of the index against the notes (it throws when they differ).</summary>
    private void CheckIndexMatchesTheNotes()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _directory.Data.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)";
        command.ExecuteNonQuery();
    }
}
