using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage;

/// <summary>Runs migrations and prepares the file store before the server accepts requests.</summary>
internal sealed class StorageInitializer(
    IOperationStore operations,
    IFileStore files,
    IOptions<StorageOptions> storage,
    IOptions<AuthOptions> auth,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await operations.InitializeAsync(cancellationToken);
        await files.InitializeAsync(cancellationToken);
        var s = storage.Value;
        Log.StorageReady(logger, s.UsesPostgres ? "postgres" : s.SqlitePath, s.UsesS3 ? $"s3 bucket {s.S3.Bucket}" : s.ResolvedFilesDir,
            auth.Value.Mode);
        if (auth.Value.ParsedMode == AuthMode.Oidc && !auth.Value.HasAccountGate)
        {
            Log.NoAccountGate(logger, auth.Value.Mode);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
