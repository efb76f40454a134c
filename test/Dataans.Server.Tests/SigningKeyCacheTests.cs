using System.Net;

namespace Dataans.Server.Tests;

/// <summary>
/// Resilience of the identity infrastructure (issue 14, item 7): once keys are cached, a hanging or failing
/// Cloudflare certs endpoint or OIDC provider stalls no request, and tokens naming unknown key ids cannot
/// make the server fetch more than once per interval.
/// </summary>
public sealed class SigningKeyCacheTests : IAsyncLifetime
{
    private const string Aud = "cache-aud";
    private JwksServer _idp = null!;

    public async Task InitializeAsync() => _idp = await JwksServer.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    private Task<ServerInstance> CloudflareAsync(params string[] extra) => ServerInstance.StartAsync(
        ["--auth", "cloudflare", "--cloudflare-aud", Aud, "--cloudflare-certs-url", _idp.CertsUrl, "--cloudflare-issuer", _idp.Issuer, .. extra]);

    private Task<ServerInstance> OidcAsync(params string[] extra) => ServerInstance.StartAsync(
        ["--auth", "oidc", "--oidc-authority", _idp.Issuer, "--oidc-audience", Aud, "--Auth:Oidc:RequireHttpsMetadata=false", .. extra]);

    private HttpClient Caller(ServerInstance server, bool oidc, string token)
    {
        var client = server.Client(oidc ? token : null);
        client.Timeout = TimeSpan.FromSeconds(5); // the fetch timeout is 10 s: a request that waited for the provider fails here
        if (!oidc)
        {
            client.DefaultRequestHeaders.Add("Cf-Access-Jwt-Assertion", token);
        }

        return client;
    }

    private int Fetches(bool oidc) => oidc ? _idp.DiscoveryRequests : _idp.CertsRequests;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AgedKeys_AreRefreshedInTheBackground_SoAHangingProviderStallsNoRequest(bool oidc)
    {
        await using var server = oidc ? await OidcAsync("--Auth:Oidc:KeysCacheMinutes=0") : await CloudflareAsync("--Auth:Cloudflare:CertsCacheMinutes=0");
        using var client = Caller(server, oidc, _idp.Token("alice", Aud));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health/auth")).StatusCode);
        var before = Fetches(oidc);

        _idp.Fault = ProviderFault.Hang;
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("health/auth"); // the keys are always "aged" here
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.InRange(Fetches(oidc) - before, 0, 2); // the refresh started before the fault, then one that hangs: never one per request
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnknownKeyIds_FetchAtMostOncePerInterval_AndKnownKeysKeepWorking_WhenTheProviderIsDown(bool oidc)
    {
        await using var server = oidc ? await OidcAsync("--Auth:Oidc:KeysMinRefreshSeconds=1") : await CloudflareAsync("--Auth:Cloudflare:CertsMinRefreshSeconds=1");
        using (var known = Caller(server, oidc, _idp.Token("alice", Aud)))
        {
            Assert.Equal(HttpStatusCode.OK, (await known.GetAsync("health/auth")).StatusCode);
        }

        _idp.Fault = ProviderFault.DropConnection;
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var forgedCount = 0;
        async Task ForgedAsync()
        {
            var kid = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = $"unknown-{forgedCount++}" };
            using var forged = Caller(server, oidc, _idp.Token("mallory", Aud, key: kid));
            using var response = await forged.GetAsync("health/auth");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The first unknown key id after the interval fetches (and fails); then count the fetches of a burst.
        var before = Fetches(oidc);
        await TestOps.UntilAsync(async () =>
        {
            await ForgedAsync();
            return Fetches(oidc) > before;
        }, TimeSpan.FromSeconds(30), "an unknown key id to make the server fetch once the interval passed");
        var afterFirst = Fetches(oidc);
        var burst = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            await ForgedAsync();
        }

        // One per second at most (failures back off further); the last one before the burst may be under a second old.
        var allowed = (int)Math.Ceiling(burst.Elapsed.TotalSeconds);
        Assert.True(Fetches(oidc) - afterFirst <= allowed, $"{Fetches(oidc) - afterFirst} fetches for 30 unknown key ids in {burst.Elapsed.TotalSeconds:F1} s");
        using var stillKnown = Caller(server, oidc, _idp.Token("alice", Aud));
        Assert.Equal(HttpStatusCode.OK, (await stillKnown.GetAsync("health/auth")).StatusCode);
    }
}
