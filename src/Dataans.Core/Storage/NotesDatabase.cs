using System.Reflection;
using DbUp;
using DbUp.Engine.Output;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataans.Core.Storage;

/// <summary>
/// The SQLite database of one data directory: opens pooled connections with WAL, foreign keys and
/// a busy timeout, and runs the versioned migrations once at open. Thread-safe.
/// </summary>
public sealed class NotesDatabase
{
    private readonly string _connectionString;

    private NotesDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The search index's statistics for ranking, cached per state of the index (shared by every connection here).</summary>
    internal Ranking.SearchStatistics SearchStatistics { get; } = new();

    /// <summary>Opens (creating if needed) and migrates the database at <paramref name="path"/>.</summary>
    /// <exception cref="StoreException">The file is not a Dataans database or cannot be opened.</exception>
    public static Task<NotesDatabase> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, NullLogger.Instance, cancellationToken);

    /// <summary>Opens and migrates the database, logging the migrations it applies.</summary>
    /// <exception cref="StoreException">The file is not a Dataans database or cannot be opened.</exception>
    internal static async Task<NotesDatabase> OpenAsync(string path, ILogger logger, CancellationToken cancellationToken = default)
    {
        PrivateDataFolder.CreateFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        PrivateDataFolder.CreatePrivateFile(path); // 0600 before SQLite creates it; its -wal and -shm files take its mode
        var database = new NotesDatabase(path);
        try
        {
            await using (var connection = await database.OpenConnectionAsync(cancellationToken))
            {
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            database.Migrate(logger);
        }
        catch (SqliteException exception)
        {
            throw new StoreException($"The database '{path}' cannot be opened: {exception.Message}", exception);
        }

        return database;
    }

    /// <summary>
    /// Page cache of each connection, KiB (negative in the pragma). 4 MiB: a new device's bootstrap of
    /// 100,000 notes peaked 40 MiB lower at 8 MiB than at 32 MiB, and lower again at 4 MiB, with no more CPU
    /// in either step (docs/benchmarks.md, issue 15 memory).
    /// </summary>
    internal const int PageCacheKiB = 4 * 1024;

    /// <summary>WAL pages after which a bulk pull's commit checkpoints (SQLite's default, kept otherwise, is 1,000).</summary>
    internal const int BulkCheckpointPages = 16_000;

    /// <summary>An open connection from the pool; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{PageCacheKiB}; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=1000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private void Migrate(ILogger logger)
    {
        var upgrader = DeployChanges.To
            .SqliteDatabase(_connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".Storage.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new NullUpgradeLog())
            .Build();
        if (!upgrader.IsUpgradeRequired())
        {
            return;
        }

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new StoreException($"The database '{Path}' could not be migrated: {result.Error.Message}", result.Error);
        }

        var scripts = result.Scripts.ToList();
        if (scripts.Count > 0)
        {
            Log.Migrated(logger, scripts.Count, scripts[^1].Name);
        }
    }

    private sealed class NullUpgradeLog : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args)
        {
        }

        public void LogDebug(string format, params object[] args)
        {
        }

        public void LogInformation(string format, params object[] args)
        {
        }

        public void LogWarning(string format, params object[] args)
        {
        }

        public void LogError(string format, params object[] args)
        {
        }

        public void LogError(Exception ex, string format, params object[] args)
        {
        }
    }
}
