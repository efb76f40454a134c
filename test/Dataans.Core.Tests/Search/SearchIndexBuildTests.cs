using System.Globalization;
using Dataans.Contracts.Operations;
using Dataans.Core.Search;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// The search index's bulk build (a large pull, or a store upgraded by migration 0007): one merged
/// segment, FTS5's note-by-note settings restored afterwards, and the same ranking and snippets as an
/// index built note by note.
/// </summary>
public sealed class SearchIndexBuildTests : IDisposable
{
    private static readonly string[] Words =
        ["budget", "review", "quarterly", "deployment", "garden", "tomato", "report", "budgetary", "café", "Crème", "naïve", "東京で会議", "会議のメモ", "plan"];

    private static readonly string[] Queries = ["budget", "udge", "budget report", "cafe", "CRÈME", "東京で会議", "議のメ", "garden tomato plan"];

    private readonly TestDataDirectory _source = new();
    private readonly TestDataDirectory _target = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task TheBulkBuild_RanksAndHighlightsExactlyAsTheIndexBuiltNoteByNote()
    {
        var records = await HistoryAsync();
        using var source = await _source.OpenStoreAsync();
        using var target = await _target.OpenStoreAsync();
        await ApplyDeferredAsync(target, records);
        Assert.True(await target.SyncLedger.RebuildSearchIndexIfDeferredAsync());

        foreach (var query in Queries)
        {
            var expected = await new NoteSearch(source).SearchAsync(query, limit: 50);
            var actual = await new NoteSearch(target).SearchAsync(query, limit: 50);
            Assert.NotEmpty(expected);
            Assert.Equal(
                expected.Select(hit => (hit.Note.Id, hit.Rank, hit.Snippet)),
                actual.Select(hit => (hit.Note.Id, hit.Rank, hit.Snippet)));
        }
    }

    [Fact]
    public async Task TheBulkBuild_LeavesOneSegment_AndRestoresTheNoteByNoteSettings()
    {
        var records = await HistoryAsync();
        using var target = await _target.OpenStoreAsync();
        await ApplyDeferredAsync(target, records);
        Assert.True(await target.SyncLedger.RebuildSearchIndexIfDeferredAsync());

        Assert.Equal(1L, Scalar(_target, "SELECT count(DISTINCT segid) FROM notes_fts_idx"));
        Assert.Equal(4L, Scalar(_target, "SELECT v FROM notes_fts_config WHERE k = 'automerge'"));
        Assert.Equal(1024L * 1024, Scalar(_target, "SELECT v FROM notes_fts_config WHERE k = 'hashsize'"));
        Scalar(_target, "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)"); // throws when the index and the notes differ
    }

    [Fact]
    public async Task AStoreFromBeforeMigration7_IsRebuiltInOneSegmentWhenItOpens()
    {
        await HistoryAsync(); // the source store's index grew note by note: several segments
        Assert.True((long)Scalar(_source, "SELECT count(DISTINCT segid) FROM notes_fts_idx")! > 1);
        Scalar(_source, "DELETE FROM SchemaVersions WHERE ScriptName LIKE '%0007%'"); // as a store written before this version

        using var reopened = await _source.OpenStoreAsync();

        Assert.Equal(1L, Scalar(_source, "SELECT count(DISTINCT segid) FROM notes_fts_idx"));
        Assert.Equal(1L, Scalar(_source, "SELECT count(*) FROM SchemaVersions WHERE ScriptName LIKE '%0007%'"));
        Assert.False(await reopened.SyncLedger.RebuildSearchIndexIfDeferredAsync()); // the flag was cleared with the rebuild
        Assert.Equal(await new NoteSearch(reopened).CountAsync("budget"), (await new NoteSearch(reopened).SearchAsync("budget", limit: 1000)).Count);
        Assert.NotEmpty(await new NoteSearch(reopened).SearchAsync("cafe"));
    }

    /// <summary>
    /// 300 notes of about 7,000 characters written in one space of the source store (indexed note by note),
    /// some edited: more pending index terms than FTS5 keeps in memory by default, so a plain rebuild
    /// would write several segments.
    /// </summary>
    private async Task<List<OperationRecord>> HistoryAsync()
    {
        using var source = await _source.OpenStoreAsync();
        var space = await source.CreateSpaceAsync("Work");
        var random = new Random(7);
        var notes = new List<Guid>();
        for (var i = 0; i < 300; i++)
        {
            notes.Add((await source.CreateNoteAsync(space.Id, Text(random))).Id);
        }

        foreach (var edited in notes.Where((_, i) => i % 10 == 3))
        {
            await source.UpdateNoteAsync(edited, Text(random));
        }

        return [.. (await source.SyncLedger.ReadLogAsync()).Select(logged => logged.Record)];
    }

    private static string Text(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(700, 1000)).Select(_ => Words[random.Next(Words.Length)]));

    private static async Task ApplyDeferredAsync(DataansStore store, List<OperationRecord> records)
    {
        foreach (var page in records.Chunk(100))
        {
            await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
        }
    }

    private static object? Scalar(TestDataDirectory directory, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = directory.Data.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is string text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : value;
    }
}
