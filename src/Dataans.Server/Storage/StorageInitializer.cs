using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage;

/// <summary>Runs migrations and checks the file store before the server accepts requests.</summary>
internal sealed class StorageInitializer(
    IOperationStore operations,
    IFileStore files,
    IOptions<StorageOptions> storage,
    IOptions<AuthOptions> auth,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(operations, files, storage.Value, cancellationToken);
        Log.StorageReady(logger, Describe(storage.Value), auth.Value.Mode);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates the database and checks the file store.</summary>
    /// <exception cref="StorageUnusableException">A store cannot be used; the message says which and why.</exception>
    public static async Task InitializeAsync(IOperationStore operations, IFileStore files, StorageOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await operations.InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (StorageFailures.DescribeDatabase(e, options) is { } message)
        {
            throw new StorageUnusableException(message, e);
        }

        try
        {
            await files.InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (StorageFailures.DescribeFiles(e, options) is { } message)
        {
            throw new StorageUnusableException(message, e);
        }
    }

    /// <summary>Where operations and files are kept, without secrets: "SQLite /d/server.sqlite, files in /d/files".</summary>
    public static string Describe(StorageOptions options)
    {
        var database = options.UsesPostgres ? DescribePostgres(options.Postgres) : $"SQLite {options.SqlitePath}";
        var fileStore = options.UsesS3
            ? $"S3 bucket {options.S3.Bucket}{(options.S3.Prefix.Length > 0 ? " prefix " + options.S3.Prefix : "")}{(options.S3.ServiceUrl is { Length: > 0 } url ? " at " + url : "")}"
            : options.ResolvedFilesDir;
        return $"operations in {database}, files in {fileStore}";
    }

    private static string DescribePostgres(string? connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {builder.Database ?? builder.Username} at {builder.Host}:{builder.Port}";
    }
}
