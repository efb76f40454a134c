using Dataans.Server.Configuration;

namespace Dataans.Server;

/// <summary>
/// Builds the server from command-line arguments. Configuration, later wins: <c>appsettings.json</c>
/// next to the executable, environment variables (<c>DATAANS_SERVER_</c> prefix, <c>__</c> for
/// sections), then command-line options.
/// </summary>
internal static class SyncServerHost
{
    public const string EnvironmentPrefix = "DATAANS_SERVER_";

    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Storage:DataDir",
        ["--operations-store"] = "Storage:Operations",
        ["--postgres"] = "Storage:Postgres",
        ["--files-store"] = "Storage:Files",
        ["--files-dir"] = "Storage:FilesDir",
        ["--s3-endpoint"] = "Storage:S3:ServiceUrl",
        ["--s3-bucket"] = "Storage:S3:Bucket",
        ["--s3-access-key"] = "Storage:S3:AccessKey",
        ["--s3-secret-key"] = "Storage:S3:SecretKey",
        ["--s3-region"] = "Storage:S3:Region",
        ["--s3-prefix"] = "Storage:S3:Prefix",
        ["--s3-path-style"] = "Storage:S3:ForcePathStyle",
        ["--auth"] = "Auth:Mode",
        ["--user-claim"] = "Auth:UserClaim",
        ["--allow-users"] = "Auth:AllowedUsers",
        ["--allow-domains"] = "Auth:AllowedDomains",
        ["--require-claim"] = "Auth:RequiredClaim",
        ["--adopt-token-users"] = "Auth:AdoptTokenUsers",
        ["--cloudflare-team"] = "Auth:Cloudflare:Team",
        ["--cloudflare-aud"] = "Auth:Cloudflare:Aud",
        ["--cloudflare-certs-url"] = "Auth:Cloudflare:CertsUrl",
        ["--cloudflare-issuer"] = "Auth:Cloudflare:Issuer",
        ["--oidc-authority"] = "Auth:Oidc:Authority",
        ["--oidc-audience"] = "Auth:Oidc:Audience",
        ["--oidc-require-https"] = "Auth:Oidc:RequireHttpsMetadata",
        ["--max-json-bytes"] = "Limits:MaxJsonBodyBytes",
        ["--max-file-bytes"] = "Limits:MaxFileBytes",
        ["--metrics-urls"] = "Metrics:Urls",
    };

    /// <exception cref="UsageException">The command line holds a command word, a command option or an unknown option.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var commandLine = ServerCommandLine.Parse(args);
        if (commandLine.Words.Count > 0)
        {
            throw new UsageException($"'{StartupErrors.Quote(commandLine.Words[0])}' is not a command; see dataans-server --help.");
        }

        if (commandLine.Options.Keys.Concat(commandLine.Flags).FirstOrDefault() is { } stray)
        {
            throw new UsageException($"{stray} only applies to an admin command; see dataans-server --help.");
        }

        string[] configuration = [.. commandLine.Configuration];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configuration,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddSources(builder.Configuration, configuration);
        builder.AddSyncServer();
        return builder;
    }

    public static WebApplication Build(string[] args)
    {
        var app = CreateBuilder(args).Build();
        app.MapSyncEndpoints();
        return app;
    }

    public static void AddSources(IConfigurationBuilder configuration, string[] args)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args, SwitchMappings.ToDictionary(StringComparer.Ordinal));
    }
}
