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

    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => NpgsqlDataSource.Create(options.Value.Postgres!));
    private int _migrated;

    public NpgsqlDataSource DataSource => _dataSource.Value;

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

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }
}
