using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Dataans.Server.Auth;

/// <summary>
/// The Cloudflare Access certs (a JWKS) in a <see cref="SigningKeyCache{T}"/>: refreshed in the background
/// after <c>CertsCacheMinutes</c>, refetched for an unknown <c>kid</c> at most once per
/// <c>CertsMinRefreshSeconds</c>, kept when a fetch fails. Validation itself is the framework's; this only
/// supplies keys. Thread-safe.
/// </summary>
internal sealed class CloudflareSigningKeys
{
    public const int MaxCertsBytes = 1024 * 1024;

    private readonly SigningKeyCache<JsonWebKeySet> _cache;

    public CloudflareSigningKeys(IHttpClientFactory httpClientFactory, IOptions<AuthOptions> options, TimeProvider timeProvider, ILogger<CloudflareSigningKeys> logger)
    {
        var cf = options.Value.Cloudflare;
        _cache = new SigningKeyCache<JsonWebKeySet>(
            async cancellationToken =>
            {
                using var client = httpClientFactory.CreateClient(nameof(CloudflareSigningKeys));
                using var response = await client.GetAsync(new Uri(cf.ResolvedCertsUrl), cancellationToken);
                response.EnsureSuccessStatusCode();
                var set = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken));
                Log.CertsFetched(logger, set.Keys.Count);
                return (set, [.. set.Keys]);
            },
            new KeyCacheTimings(TimeSpan.FromMinutes(cf.CertsCacheMinutes), TimeSpan.FromSeconds(cf.CertsMinRefreshSeconds), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10)),
            timeProvider,
            exception => Log.CertsFetchFailed(logger, exception));
    }

    public IReadOnlyList<SecurityKey> Current => _cache.Keys;

    /// <summary>How many fetches of the certs were started.</summary>
    public int Fetches => _cache.Fetches;

    /// <summary>Makes sure keys are cached and, if allowed now, that <paramref name="kid"/> is among them.</summary>
    public Task EnsureAsync(string? kid, CancellationToken cancellationToken) => _cache.EnsureAsync(kid, cancellationToken);
}
