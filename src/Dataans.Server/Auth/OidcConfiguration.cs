using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Dataans.Server.Auth;

/// <summary>
/// The OIDC issuer's discovery document and keys for the framework's JWT handler, in a
/// <see cref="SigningKeyCache{T}"/> (background refresh, backoff, at most one fetch per interval for an
/// unknown <c>kid</c>, cached keys kept on failure) instead of the framework's manager, which a request
/// waits for whenever the cache ages. Thread-safe.
/// </summary>
internal sealed class OidcConfiguration : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly SigningKeyCache<OpenIdConnectConfiguration> _cache;

    public OidcConfiguration(IHttpClientFactory httpClientFactory, IOptions<AuthOptions> options, TimeProvider timeProvider, ILogger<OidcConfiguration> logger)
    {
        var oidc = options.Value.Oidc;
        var address = (oidc.Authority ?? string.Empty).TrimEnd('/') + "/.well-known/openid-configuration";
        _cache = new SigningKeyCache<OpenIdConnectConfiguration>(
            async cancellationToken =>
            {
                using var client = httpClientFactory.CreateClient(nameof(OidcConfiguration));
                var retriever = new HttpDocumentRetriever(client) { RequireHttps = oidc.RequireHttpsMetadata };
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken);
                Log.OidcKeysFetched(logger, configuration.SigningKeys.Count);
                return (configuration, [.. configuration.SigningKeys]);
            },
            new KeyCacheTimings(TimeSpan.FromMinutes(oidc.KeysCacheMinutes), TimeSpan.FromSeconds(oidc.KeysMinRefreshSeconds), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10)),
            timeProvider,
            exception => Log.OidcKeysFetchFailed(logger, exception));
    }

    /// <summary>How many fetches of the discovery document and keys were started.</summary>
    public int Fetches => _cache.Fetches;

    /// <summary>Makes sure the configuration is cached and, if allowed now, that <paramref name="kid"/> is among its keys.</summary>
    public Task EnsureAsync(string? kid, CancellationToken cancellationToken) => _cache.EnsureAsync(kid, cancellationToken);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        await _cache.EnsureAsync(null, cancel);
        return _cache.Value ?? throw new InvalidOperationException("The OpenID provider's configuration and keys could not be fetched yet.");
    }

    public void RequestRefresh() => _cache.RequestRefresh();
}
