using Microsoft.Extensions.Options;

namespace Dataans.Server.Configuration;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var ops = options.Operations.ToUpperInvariant();
        if (ops is not ("SQLITE" or "POSTGRES"))
        {
            return Fail($"Storage:Operations (--operations-store) must be 'sqlite' or 'postgres', not '{StartupErrors.Quote(options.Operations)}'.");
        }

        if (options.UsesPostgres && string.IsNullOrWhiteSpace(options.Postgres))
        {
            return Fail("Storage:Postgres (--postgres) must be a PostgreSQL connection string when Storage:Operations is 'postgres'.");
        }

        if (options.UsesPostgres && ConnectionStringProblem(options.Postgres!) is { } problem)
        {
            // The string is not repeated: it may hold a password.
            return Fail($"Storage:Postgres (--postgres) is not a valid connection string ('Host=…;Username=…;Password=…;Database=…'): {problem}");
        }

        var files = options.Files.ToUpperInvariant();
        if (files is not ("FOLDER" or "S3"))
        {
            return Fail($"Storage:Files (--files-store) must be 'folder' or 's3', not '{StartupErrors.Quote(options.Files)}'.");
        }

        if (options.UsesS3)
        {
            var s3 = options.S3;
            if (string.IsNullOrWhiteSpace(s3.Bucket))
            {
                return Fail("Storage:S3:Bucket (--s3-bucket) is required when Storage:Files is 's3'.");
            }

            if (s3.ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return Fail($"Storage:S3:ServiceUrl (--s3-endpoint) must be an absolute URL, not '{StartupErrors.Quote(url)}'.");
            }

            if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
            {
                return Fail("Storage:S3:AccessKey and Storage:S3:SecretKey must be given together.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult Fail(string message) => ValidateOptionsResult.Fail(message);

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "it names no Host." : null;
        }
        catch (ArgumentException e) when (e.ParamName is { Length: > 0 } keyword && e.Message.StartsWith("Couldn't set", StringComparison.Ordinal))
        {
            return $"'{StartupErrors.Quote(keyword)}' is not a setting it can have.";
        }
        catch (ArgumentException e)
        {
            var reason = e.Message.Split('\n')[0].Trim();
            return reason.EndsWith('.') ? reason : reason + ".";
        }
    }
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.UserClaim))
        {
            return ValidateOptionsResult.Fail("Auth:UserClaim (--user-claim) must name a JWT claim, e.g. 'sub' or 'email'.");
        }

        if (!string.IsNullOrWhiteSpace(options.RequiredClaim) && options.ParsedRequiredClaim is null)
        {
            return ValidateOptionsResult.Fail($"Auth:RequiredClaim (--require-claim) must be name=value, e.g. 'groups=dataans', not '{StartupErrors.Quote(options.RequiredClaim)}'.");
        }

        if (options.ParsedMode == AuthMode.Token && options.HasAccountGate)
        {
            return ValidateOptionsResult.Fail("--allow-users, --allow-domains and --require-claim apply to the cloudflare and oidc modes; in token mode only users added with 'dataans-server user add' have accounts.");
        }

        switch (options.ParsedMode)
        {
            case AuthMode.Invalid:
                return ValidateOptionsResult.Fail($"Auth:Mode (--auth) must be 'token', 'cloudflare' or 'oidc', not '{StartupErrors.Quote(options.Mode)}'.");
            case AuthMode.Cloudflare:
                var cf = options.Cloudflare;
                if (string.IsNullOrWhiteSpace(cf.Aud))
                {
                    return ValidateOptionsResult.Fail("Auth:Cloudflare:Aud (--cloudflare-aud) is required in cloudflare mode: copy the Application Audience (AUD) tag of the Access application.");
                }

                if (string.IsNullOrWhiteSpace(cf.Team) && (string.IsNullOrWhiteSpace(cf.Issuer) || string.IsNullOrWhiteSpace(cf.CertsUrl)))
                {
                    return ValidateOptionsResult.Fail("Auth:Cloudflare:Team (--cloudflare-team) is required in cloudflare mode unless both --cloudflare-issuer and --cloudflare-certs-url are given.");
                }

                if (!Uri.TryCreate(cf.ResolvedCertsUrl, UriKind.Absolute, out _))
                {
                    return ValidateOptionsResult.Fail($"The Cloudflare certs URL '{StartupErrors.Quote(cf.ResolvedCertsUrl)}' is not an absolute URL.");
                }

                break;
            case AuthMode.Oidc:
                if (!Uri.TryCreate(options.Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                {
                    return ValidateOptionsResult.Fail("Auth:Oidc:Authority (--oidc-authority) must be the issuer URL in oidc mode.");
                }

                if (authority.Scheme == "http" && options.Oidc.RequireHttpsMetadata)
                {
                    // The framework would start and then fail every request; an http issuer is for local tests only.
                    return ValidateOptionsResult.Fail(
                        $"Auth:Oidc:Authority (--oidc-authority) must be an https:// issuer, not '{StartupErrors.Quote(options.Oidc.Authority)}'; a local test issuer over http needs --oidc-require-https false.");
                }

                if (string.IsNullOrWhiteSpace(options.Oidc.Audience))
                {
                    return ValidateOptionsResult.Fail("Auth:Oidc:Audience (--oidc-audience) is required in oidc mode.");
                }

                break;
            case AuthMode.Token:
                break;
        }

        return ValidateOptionsResult.Success;
    }
}

internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        (string Key, long Value, long Minimum)[] limits =
        [
            ("MaxJsonBodyBytes", options.MaxJsonBodyBytes, 1024),
            ("MaxSmallBodyBytes", options.MaxSmallBodyBytes, 1024),
            ("MaxFileBytes", options.MaxFileBytes, 1),
            ("MaxOpsPerPush", options.MaxOpsPerPush, 1),
            ("MaxPullLimit", options.MaxPullLimit, 1),
            ("DefaultPullLimit", options.DefaultPullLimit, 1),
            ("MaxOperationBytes", options.MaxOperationBytes, 1),
            ("MaxPullBytes", options.MaxPullBytes, 1),
            ("MaxItemsPerBlock", options.MaxItemsPerBlock, 1),
            ("MaxVerifierLength", options.MaxVerifierLength, 1),
            ("ShutdownTimeoutSeconds", options.ShutdownTimeoutSeconds, 0),
            ("EventKeepAliveSeconds", options.EventKeepAliveSeconds, 1),
            ("SignInFailuresPerMinute", options.SignInFailuresPerMinute, 0),
        ];

        // Every wrong limit is named, with the switch that sets it where there is one.
        var failures = limits.Where(l => l.Value < l.Minimum)
            .Select(l => $"{StartupErrors.Setting($"{LimitsOptions.Section}:{l.Key}")} must be at least {l.Minimum}, not {l.Value}.")
            .ToList();
        if (options.MaxOpsPerV1Push < options.MaxOpsPerPush)
        {
            failures.Add($"Limits:MaxOpsPerV1Push ({options.MaxOpsPerV1Push}) must be at least Limits:MaxOpsPerPush ({options.MaxOpsPerPush}).");
        }

        if (options.DefaultPullLimit > options.MaxPullLimit)
        {
            failures.Add($"Limits:DefaultPullLimit ({options.DefaultPullLimit}) must not exceed Limits:MaxPullLimit ({options.MaxPullLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(string.Join(" ", failures));
    }
}
