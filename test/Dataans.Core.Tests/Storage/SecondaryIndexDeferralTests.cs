using System.Text.Json;
using Dataans.Contracts.Operations;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Tests.Storage;

/// <summary>
/// The bulk path of the notes' and the log's secondary indexes: dropped with the first deferred page,
/// created again from their recorded definitions at the end of the pull or when the store opens.
/// </summary>
public sealed class SecondaryIndexDeferralTests : IDisposable
{
    private readonly TestDataDirectory _source = new();
    private readonly TestDataDirectory _target = new();
    private readonly TestDataDirectory _reference = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _source.Dispose();
        _target.Dispose();
        _reference.Dispose();
    }

    [Fact]
    public async Task ABulkPull_DropsOnlyTheIndexesTheApplyPathDoesNotRead_AndItsEndRestoresTheSchema()
    {
        var records = await HistoryAsync();
        var expected = await ReferenceSchemaAsync(records);
        using var target = await _target.OpenStoreAsync();

        await ApplyDeferredAsync(target, records);

        var during = Indexes(_target);
        Assert.Equal(expected.Keys.Except(SecondaryIndexDeferral.Deferrable).Order(), during.Keys.Order());
        Assert.Contains("ix_operations_object", during.Keys); // a note's versions, read for conflicts while applying
        var recorded = JsonSerializer.Deserialize<Dictionary<string, string>>((string)Query(_target, "SELECT value FROM meta WHERE key = 'indexes.deferred'")!)!;
        Assert.Equal(SecondaryIndexDeferral.Deferrable.Order(), recorded.Keys.Order());
        Assert.All(recorded, pair => Assert.Equal(expected[pair.Key], pair.Value));

        Assert.True(await target.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync());
        Assert.False(await target.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync());

        Assert.Equal(expected, Indexes(_target));
        Assert.Null(Query(_target, "SELECT value FROM meta WHERE key = 'indexes.deferred'"));
        Assert.Equal("ok", Query(_target, "PRAGMA integrity_check"));
        using var reference = await _reference.OpenStoreAsync();
        var space = Assert.Single(await reference.ListSpacesAsync());
        Assert.Equal(
            (await reference.ListNotesAsync(space.Id, 100)).Select(note => (note.Id, note.Text, note.HasConflict)),
            (await target.ListNotesAsync(space.Id, 100)).Select(note => (note.Id, note.Text, note.HasConflict)));
    }

    [Fact]
    public async Task AStoreReopenedAfterAnUnfinishedBulkPull_RestoresTheIndexesOnOpen()
    {
        var records = await HistoryAsync();
        var expected = await ReferenceSchemaAsync(records);
        using (var store = await _target.OpenStoreAsync())
        {
            await ApplyDeferredAsync(store, records); // then the process "dies" before the end of the pull
        }

        SqliteConnection.ClearAllPools();
        Assert.NotEqual(expected, Indexes(_target));

        using var reopened = await _target.OpenStoreAsync();

        Assert.Equal(expected, Indexes(_target));
        Assert.Null(Query(_target, "SELECT value FROM meta WHERE key = 'indexes.deferred'"));
        Assert.False(await reopened.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync());
    }

    [Fact]
    public async Task TheRebuild_CreatesExactlyWhatWasDropped_NotWhatTheMigrationsDefine()
    {
        var records = await HistoryAsync();
        using var target = await _target.OpenStoreAsync();
        Query(_target, "DROP INDEX ix_notes_created; CREATE INDEX ix_notes_created ON notes (created_at DESC, nid)"); // as a later migration might
        var expected = Indexes(_target);

        await ApplyDeferredAsync(target, records);
        Assert.True(await target.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync());

        Assert.Equal(expected, Indexes(_target));
        Assert.Contains("created_at DESC, nid", Indexes(_target)["ix_notes_created"], StringComparison.Ordinal);
    }

    /// <summary>A space of 40 notes written on another device, some edited twice.</summary>
    private async Task<List<OperationRecord>> HistoryAsync()
    {
        using var source = await _source.OpenStoreAsync();
        var space = await source.CreateSpaceAsync("Work");
        var notes = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            notes.Add((await source.CreateNoteAsync(space.Id, $"note number {i}")).Id);
        }

        foreach (var edited in notes.Where((_, i) => i % 7 == 2))
        {
            await source.UpdateNoteAsync(edited, "edited once");
            await source.UpdateNoteAsync(edited, "edited twice");
        }

        return [.. (await source.SyncLedger.ReadLogAsync()).Select(logged => logged.Record)];
    }

    /// <summary>The indexes of a store that applied the same pages without deferring anything.</summary>
    private async Task<Dictionary<string, string>> ReferenceSchemaAsync(List<OperationRecord> records)
    {
        using (var reference = await _reference.OpenStoreAsync())
        {
            foreach (var page in records.Chunk(10))
            {
                await reference.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null));
            }
        }

        Assert.Null(Query(_reference, "SELECT value FROM meta WHERE key = 'indexes.deferred'"));
        return Indexes(_reference);
    }

    private static async Task ApplyDeferredAsync(DataansStore store, List<OperationRecord> records)
    {
        foreach (var page in records.Chunk(10))
        {
            await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
        }
    }

    /// <summary>Every named index with its definition (automatic UNIQUE and PRIMARY KEY indexes have none and are left out).</summary>
    private static Dictionary<string, string> Indexes(TestDataDirectory directory)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        var indexes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            indexes[reader.GetString(0)] = reader.GetString(1);
        }

        return indexes;
    }

    private static object? Query(TestDataDirectory directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static SqliteConnection Open(TestDataDirectory directory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = directory.Data.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
