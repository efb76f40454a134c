using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Tests.Storage;

/// <summary>
/// A bulk pull's commits checkpoint the WAL only past <see cref="16_000"/>
/// (not after each page, two fsyncs each), and every other write keeps SQLite's usual threshold.
/// </summary>
public sealed class BulkCheckpointTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task ABulkPullsPages_AreNotCheckpointedOneByOne()
    {
        using var store = await _directory.OpenStoreAsync();
        // Held open so that the database never loses its last connection (other tests clear the connection pools,
        // and SQLite checkpoints when the last connection closes): only the commits' own threshold counts.
        using var held = OpenReader();

        // 1,500 notes of 3 KB, 100 to a page: each page writes about 400 WAL pages, 5,000 or more in all.
        foreach (var page in History(1_500).Chunk(100))
        {
            await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
        }

        var walPages = WalPagesNotCheckpointed();
        Assert.InRange(walPages, 3_000, NotesDatabase.BulkCheckpointPages);
    }

    [Fact]
    public async Task AfterABulkPull_OtherWritesCheckpointAsUsual()
    {
        using var store = await _directory.OpenStoreAsync();
        foreach (var page in History(300).Chunk(100))
        {
            await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
        }

        await using var next = await store.Database.OpenConnectionAsync();
        using var command = next.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint";

        Assert.Equal(1_000L, (long)command.ExecuteScalar()!);
    }

    /// <summary>A space and <paramref name="notes"/> notes of about 3 KB each, as another device wrote them.</summary>
    private static IEnumerable<OperationRecord> History(int notes)
    {
        var time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1));
        var space = new SpacePayload(Guid.NewGuid(), "Bulk", Guid.NewGuid(), time, time, false);
        yield return new OperationRecord(Guid.NewGuid(), time, new CreateSpace(space));
        for (var i = 0; i < notes; i++)
        {
            time = time.AddNanoseconds(1_000_000);
            var note = new NotePayload(Guid.NewGuid(), $"note {i} " + new string((char)('a' + (i % 26)), 3_000), time, time, space.Id, false);
            yield return new OperationRecord(Guid.NewGuid(), time, new CreateNote(note));
        }
    }

    /// <summary>The frames in the WAL (a passive checkpoint's second column), read on a connection of its own.</summary>
    private long WalPagesNotCheckpointed()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt64(1);
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _directory.Data.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
