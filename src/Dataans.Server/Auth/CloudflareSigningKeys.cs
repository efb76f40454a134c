using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Dataans.Server.Auth;

/// <summary>
/// The Cloudflare Access certs (a JWKS), cached. A token naming an unknown <c>kid</c> makes the next
/// request refetch them (at most once per <c>CertsMinRefreshSeconds</c>), so a key rotation is picked
/// up without a restart. Validation itself is the framework's; this only supplies keys. Thread-safe.
/// </summary>
internal sealed class CloudflareSigningKeys(
    IHttpClientFactory httpClientFactory,
    IOptions<AuthOptions> options,
    TimeProvider timeProvider,
    ILogger<CloudflareSigningKeys> logger) : IDisposable
{
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private volatile IReadOnlyList<JsonWebKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public IReadOnlyList<JsonWebKey> Current => _keys;

    public void Dispose() => _fetchLock.Dispose();

    /// <summary>Makes sure the cache is fresh and, if possible, knows <paramref name="kid"/>.</summary>
    public async Task EnsureAsync(string? kid, CancellationToken cancellationToken)
    {
        var cf = options.Value.Cloudflare;
        var now = timeProvider.GetUtcNow();
        if (!NeedsFetch(kid, now, cf))
        {
            return;
        }

        await _fetchLock.WaitAsync(cancellationToken);
        try
        {
            if (!NeedsFetch(kid, timeProvider.GetUtcNow(), cf))
            {
                return;
            }

            using var client = httpClientFactory.CreateClient(nameof(CloudflareSigningKeys));
            using var response = await client.GetAsync(new Uri(cf.ResolvedCertsUrl), cancellationToken);
            _fetchedAt = timeProvider.GetUtcNow();
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadAsStringAsync(cancellationToken);
            var set = new JsonWebKeySet(json);
            _keys = [.. set.Keys];
            Log.CertsFetched(logger, set.Keys.Count);
        }
        catch (Exception e) when (e is HttpRequestException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.CertsFetchFailed(logger, e);
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    private bool NeedsFetch(string? kid, DateTimeOffset now, CloudflareOptions cf)
    {
        var age = now - _fetchedAt;
        if (age >= TimeSpan.FromMinutes(cf.CertsCacheMinutes))
        {
            return true;
        }

        var known = kid is null || _keys.Any(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
        return !known && age >= TimeSpan.FromSeconds(cf.CertsMinRefreshSeconds);
    }
}
