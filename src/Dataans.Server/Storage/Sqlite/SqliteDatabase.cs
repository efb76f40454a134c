using System.Data.Common;
using Dataans.Server.Configuration;
using Dataans.Server.Storage.Sql;
using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage.Sqlite;

/// <summary>The embedded database file <c>DataDir/server.sqlite</c> (WAL mode). Thread-safe.</summary>
internal sealed class SqliteDatabase(IOptions<StorageOptions> options) : ISqlDatabase
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.Value.SqlitePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private int _migrated;

    public string Path => options.Value.SqlitePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    async Task<DbConnection> ISqlDatabase.OpenAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _migrated, 1) == 1)
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using (var connection = await OpenAsync(cancellationToken))
        {
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = SqlMigrations.Run(DeployChanges.To.SqliteDatabase(_connectionString), "Sqlite");
        if (!result.Successful)
        {
            _migrated = 0;
            throw new InvalidOperationException($"Migrating {Path} failed: {result.Error.Message}", result.Error);
        }
    }
}
