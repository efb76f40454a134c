using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Sync.Tests;

/// <summary>
/// A new device's bulk pull (which drops the secondary indexes the apply path does not read) killed
/// midway as a real `dataans sync now` process: opening the store again restores exactly the indexes
/// of a store that never deferred them, and the devices converge.
/// </summary>
public sealed class BulkPullCrashTests : IAsyncLifetime
{
    /// <summary>More than the sync engine's threshold for a bulk pull (5,000 operations), so several pages.</summary>
    private const int Notes = 5_200;

    private ServerInstance _server = null!;
    private EncryptionKey _key = null!;
    private string _token = null!;
    private Device _a = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _token = await _server.AddUserAsync("alice");
        _key = await SyncScenarioTests.TestKeyAsync();
        _a = await Device.CreateAsync();
        await _a.UseKeyAsync(_server.BaseAddress, _token, _key);
        var space = await _a.Store.CreateSpaceAsync("Work");
        var time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var records = new List<OperationRecord>(Notes);
        for (var i = 0; i < Notes; i++)
        {
            time = time.AddNanoseconds(1_000);
            records.Add(new OperationRecord(Guid.NewGuid(), time, new CreateNote(new NotePayload(Guid.NewGuid(), $"note {i}", time, time, space.Id, false))));
        }

        await _a.Store.ApplyAsync(records, isLocal: true); // written on A in one go, pushed as A's own
        await _a.SyncAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("sync.apply.in-transaction:1", false)] // the first deferred page dies uncommitted: nothing was dropped
    [InlineData("sync.apply.committed:2", true)] // two deferred pages committed: the indexes are gone until the next open
    public async Task ABulkPullKilledMidway_RestoresTheIndexesWhenTheStoreOpens(string crashPoint, bool leftDeferred)
    {
        var expected = Indexes(_a.Store.Directory.DatabasePath);
        var root = Directory.CreateTempSubdirectory("dataans-bulk-crash-").FullName;
        await new ProfileStore(root).SaveAsync(new UserProfile { ServerUrl = _server.BaseAddress, AuthMode = AuthMode.Token, AuthToken = _token, SecretKey = _key, Passphrase = "Test-Pass-Phrase" });

        await CrashedCli.RunAsync(root, crashPoint, "sync", "now");

        var database = new DataDirectory(root).DatabasePath;
        Assert.Equal(leftDeferred, Query(database, "SELECT value FROM meta WHERE key = 'indexes.deferred'") is string);
        Assert.Equal(leftDeferred, !Indexes(database).SequenceEqual(expected));
        await using var b = await Device.OpenAsync(root);
        Assert.Equal(expected, Indexes(database));
        Assert.Null(Query(database, "SELECT value FROM meta WHERE key = 'indexes.deferred'"));

        await b.SyncAsync();

        Assert.Equal(expected, Indexes(database));
        Assert.Equal("ok", await CrashedCli.IntegrityAsync(b.Store));
        Assert.Equal(await _a.ExportAsync(), await b.ExportAsync());
    }

    /// <summary>Every named index with its definition, in name order.</summary>
    private static List<(string Name, string Sql)> Indexes(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";
        using var reader = command.ExecuteReader();
        var indexes = new List<(string, string)>();
        while (reader.Read())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static object? Query(string database, string sql)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
