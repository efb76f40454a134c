using System.Security.Claims;
using Dataans.Server.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dataans.Server.Auth;

/// <summary>
/// One policy scheme forwards to the configured mode: the token handler, or the framework's JWT bearer
/// handler set up for Cloudflare Access (header or cookie, RS256, certs cache) or for an OIDC issuer.
/// </summary>
internal static class AuthSetup
{
    public const string PolicyScheme = "Dataans";
    public const string CloudflareScheme = "Cloudflare";
    public const string OidcScheme = "Oidc";
    public const string CloudflareHeader = "Cf-Access-Jwt-Assertion";
    public const string CloudflareCookie = "CF_Authorization";

    public static IServiceCollection AddSyncAuthentication(this IServiceCollection services)
    {
        // A broken or hostile identity provider cannot make the server hold more than 1 MiB per answer.
        services.AddHttpClient(nameof(CloudflareSigningKeys), client => client.MaxResponseContentBufferSize = CloudflareSigningKeys.MaxCertsBytes);
        services.AddHttpClient(nameof(OidcConfiguration), client => client.MaxResponseContentBufferSize = CloudflareSigningKeys.MaxCertsBytes);
        services.AddSingleton<CloudflareSigningKeys>();
        services.AddSingleton<OidcConfiguration>();
        services.AddSingleton<SignInThrottle>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = PolicyScheme;
                options.DefaultChallengeScheme = PolicyScheme;
            })
            .AddPolicyScheme(PolicyScheme, null, options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, CaptureTokenHandler>(CaptureTokenHandler.SchemeName, null)
            .AddJwtBearer(CloudflareScheme, _ => { })
            .AddJwtBearer(OidcScheme, _ => { });

        services.AddOptions<JwtBearerOptions>(CloudflareScheme)
            .Configure<IOptions<AuthOptions>, CloudflareSigningKeys>(ConfigureCloudflare);
        services.AddOptions<JwtBearerOptions>(OidcScheme)
            .Configure<IOptions<AuthOptions>, OidcConfiguration>(ConfigureOidc);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(PolicyScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(SyncUser.ClaimType)
                .Build())
            .AddPolicy(CaptureTokenHandler.PolicyName, policy => policy
                .AddAuthenticationSchemes(CaptureTokenHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(CaptureTokenHandler.UserClaimType));
        return services;
    }

    private static string SelectScheme(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.ParsedMode switch
        {
            AuthMode.Cloudflare => CloudflareScheme,
            AuthMode.Oidc => OidcScheme,
            _ => TokenAuthenticationHandler.SchemeName,
        };

    private static void ConfigureCloudflare(JwtBearerOptions options, IOptions<AuthOptions> authOptions, CloudflareSigningKeys keys)
    {
        var auth = authOptions.Value;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = auth.Cloudflare.ResolvedIssuer,
            ValidAudience = auth.Cloudflare.Aud,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds),
            IssuerSigningKeyResolver = (_, _, kid, _) =>
                keys.Current.Where(k => kid is null || string.Equals(k.KeyId, kid, StringComparison.Ordinal)),
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                if (IsCrossSiteWrite(context.Request))
                {
                    LogFailure(context.HttpContext, "cross-site write");
                    context.Fail("A browser sent this state-changing request from another site.");
                    return;
                }

                string? token = context.Request.Headers[CloudflareHeader].FirstOrDefault();
                if (string.IsNullOrEmpty(token))
                {
                    token = context.Request.Cookies[CloudflareCookie];
                }

                if (string.IsNullOrEmpty(token))
                {
                    context.NoResult();
                    return;
                }

                if (!TryReadKid(token, out var kid))
                {
                    LogFailure(context.HttpContext, "not a JWT");
                    context.Fail("The Cloudflare Access token is not a JWT.");
                    return;
                }

                await keys.EnsureAsync(kid, context.HttpContext.RequestAborted);
                context.Token = token;
            },
            OnTokenValidated = context => AddSyncUser(context, auth, AuthMode.Cloudflare, CloudflareScheme),
            OnAuthenticationFailed = LogFailure,
            OnChallenge = AccountGate.ChallengeAsync,
        };
    }

    /// <summary>
    /// Whether a browser marks this state-changing request as coming from another site. Cloudflare Access
    /// credentials ride on a cookie (and Access adds its header to whatever the browser sends), so without
    /// this check a page elsewhere could make a signed-in browser push operations or files (CSRF). The
    /// app's own client sends neither <c>Sec-Fetch-Site</c> nor <c>Origin</c>; reads stay allowed, since
    /// another site cannot read the answers and the sign-in page is reached by a cross-site redirect.
    /// </summary>
    internal static bool IsCrossSiteWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static void ConfigureOidc(JwtBearerOptions options, IOptions<AuthOptions> authOptions, OidcConfiguration configuration)
    {
        var auth = authOptions.Value;
        options.ConfigurationManager = configuration; // the issuer and its keys; the handler validates against both
        options.Audience = auth.Oidc.Audience;
        options.RequireHttpsMetadata = auth.Oidc.RequireHttpsMetadata;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds);
        options.TokenValidationParameters.RequireExpirationTime = true;
        options.TokenValidationParameters.RequireSignedTokens = true;
        options.TokenValidationParameters.ValidAlgorithms =
        [
            SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
            SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
            SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        ];
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                // A token naming a key id not yet known may fetch the keys (at most once per interval) before validation.
                var header = context.Request.Headers.Authorization.ToString();
                if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && TryReadKid(header["Bearer ".Length..].Trim(), out var kid))
                {
                    await configuration.EnsureAsync(kid, context.HttpContext.RequestAborted);
                }
            },
            OnTokenValidated = context => AddSyncUser(context, auth, AuthMode.Oidc, OidcScheme),
            OnAuthenticationFailed = LogFailure,
            OnChallenge = AccountGate.ChallengeAsync,
        };
    }

    private static bool TryReadKid(string token, out string? kid)
    {
        try
        {
            kid = new JsonWebToken(token).Kid;
            return true;
        }
        catch (ArgumentException)
        {
            kid = null;
            return false;
        }
    }

    private static Task AddSyncUser(TokenValidatedContext context, AuthOptions auth, AuthMode mode, string scheme)
    {
        var claim = auth.UserClaim;
        var value = context.Principal?.FindFirst(claim)?.Value;
        if (string.IsNullOrEmpty(value) || value.Length > SyncUser.MaxLength)
        {
            LogFailure(context.HttpContext, $"no usable '{claim}' claim");
            context.Fail($"The token has no usable '{claim}' claim.");
            return Task.CompletedTask;
        }

        if (AccountGate.Refusal(context.Principal!, value, auth, mode) is { } reason)
        {
            AccountGate.Refuse(context, reason);
            return Task.CompletedTask;
        }

        var validTo = context.SecurityToken.ValidTo;
        DateTimeOffset? expires = validTo > DateTime.MinValue ? new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) : null;
        context.Principal = new ClaimsPrincipal(SyncUser.CreateIdentity(value, scheme, expires));
        return Task.CompletedTask;
    }

    private static Task LogFailure(AuthenticationFailedContext context)
    {
        LogFailure(context.HttpContext, context.Exception.GetType().Name);
        return Task.CompletedTask;
    }

    /// <summary>A failed sign-in with the client's address (behind a proxy, enable forwarded headers to see the real one).</summary>
    internal static void LogFailure(HttpContext context, string reason)
    {
        var address = ClientAddress(context);
        Log.AuthenticationFailed(context.RequestServices.GetRequiredService<ILogger<SyncUserClaims>>(), address, reason);
        context.RequestServices.GetRequiredService<SignInThrottle>().Failed(address);
    }

    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>The log category of sign-in outcomes.</summary>
internal sealed class SyncUserClaims;
