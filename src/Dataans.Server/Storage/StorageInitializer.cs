using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage;

/// <summary>Runs migrations and checks the file store before the server accepts requests.</summary>
internal sealed class StorageInitializer(
    IOperationStore operations,
    IFileStore files,
    IOptions<StorageOptions> storage,
    IOptions<AuthOptions> auth,
    ITokenStore tokens,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(operations, files, storage.Value, cancellationToken);
        Log.StorageReady(logger, Describe(storage.Value), auth.Value.Mode);
        if (auth.Value.ParsedMode == AuthMode.Oidc && !auth.Value.HasAccountGate)
        {
            Log.NoAccountGate(logger, auth.Value.Mode);
        }

        await RefuseSharedNamespaceAsync(cancellationToken);
    }

    /// <summary>
    /// Token-mode users and the identities of a JWT mode are one namespace (the user name is the store
    /// key), so after switching an existing server from token mode, a JWT whose claim happens to equal a
    /// token user's name would take over that account. The server refuses to start that way unless the
    /// operator says it is meant (<c>--adopt-token-users true</c>).
    /// </summary>
    private async Task RefuseSharedNamespaceAsync(CancellationToken cancellationToken)
    {
        var a = auth.Value;
        if (a.ParsedMode is not (AuthMode.Cloudflare or AuthMode.Oidc) || a.AdoptTokenUsers)
        {
            return;
        }

        var tokenUsers = await tokens.ListUsersAsync(cancellationToken);
        if (tokenUsers.Count > 0)
        {
            throw new OptionsValidationException(nameof(AuthOptions), typeof(AuthOptions),
            [
                $"This server's store has {tokenUsers.Count} token-mode user(s), and in {a.Mode} mode a token whose '{a.UserClaim}' claim equals one of their names would take over that account: " +
                "remove them ('dataans-server user remove NAME'), or pass --adopt-token-users true if those names are meant to be the same people.",
            ]);
        }
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
