using System.Data.Common;
using Dataans.Server.Configuration;
using Dataans.Server.Storage.Sql;
using DbUp;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dataans.Server.Storage.Postgres;

/// <summary>One <see cref="NpgsqlDataSource"/> for the process, and the migrations. Thread-safe.</summary>
internal sealed class PostgresDatabase(IOptions<StorageOptions> options) : ISqlDatabase, IAsyncDisposable
{
    public const string ChangeChannel = "dataans_head";
    private const long MigrationLockKey = 0x64617461616e73; // "dataans"

    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => CreateDataSource(options.Value.Postgres!));
    private int _migrated;

    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>
    /// This process's id in the <c>NOTIFY</c> payloads of its pushes (random per start), so that its listener
    /// can skip the pushes it has already announced to its own event streams.
    /// </summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await DataSource.OpenConnectionAsync(cancellationToken);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _migrated) == 1)
        {
            return;
        }

        // Several instances may start at once: an advisory lock lets one migrate while the others wait.
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var result = SqlMigrations.Run(DeployChanges.To.PostgresqlDatabase(options.Value.Postgres!), "Postgres");
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migrating the PostgreSQL database failed: {result.Error.Message}", result.Error);
            }

            Volatile.Write(ref _migrated, 1);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The operator's connection string, with two defaults where it says nothing: statements used often are
    /// prepared (<c>Max Auto Prepare</c>), and a connection handed back to the pool is not reset (<c>No Reset
    /// On Close</c>: the server leaves no session state behind, and a reset is several statements per request).
    /// A pooler without prepared-statement support takes <c>Max Auto Prepare=0</c> in the connection string.
    /// </summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Mentions(given, "Max Auto Prepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        if (!Mentions(given, "No Reset On Close"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }

    private static bool Mentions(DbConnectionStringBuilder given, string keyword) =>
        given.ContainsKey(keyword) || given.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }
}
