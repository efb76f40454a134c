using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage;

/// <summary>Runs migrations and prepares the file store before the server accepts requests.</summary>
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
        await operations.InitializeAsync(cancellationToken);
        await files.InitializeAsync(cancellationToken);
        var s = storage.Value;
        Log.StorageReady(logger, s.UsesPostgres ? "postgres" : s.SqlitePath, s.UsesS3 ? $"s3 bucket {s.S3.Bucket}" : s.ResolvedFilesDir,
            auth.Value.Mode);
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

        var tokenUsers = await tokens.ListAsync(cancellationToken);
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
}
