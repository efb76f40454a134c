using System.Net;

namespace Dataans.Server.Tests;

/// <summary>Cloudflare Access and OIDC modes with real RS256 tokens from a local JWKS endpoint.</summary>
public sealed class JwtAuthTests : IAsyncLifetime
{
    private const string Aud = "cf-app-aud-tag";
    private JwksServer _idp = null!;
    private ServerInstance _cloudflare = null!;

    public async Task InitializeAsync()
    {
        _idp = await JwksServer.StartAsync();
        _cloudflare = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Aud,
            "--cloudflare-certs-url", _idp.CertsUrl, "--cloudflare-issuer", _idp.Issuer, "--Auth:Cloudflare:CertsMinRefreshSeconds=0");
    }

    public async Task DisposeAsync()
    {
        await _cloudflare.DisposeAsync();
        await _idp.DisposeAsync();
    }

    public static TheoryData<string, bool> Cases => new()
    {
        { "valid", true },
        { "valid-cookie", true },
        { "expired", false },
        { "not-yet-valid", false },
        { "wrong-aud", false },
        { "wrong-iss", false },
        { "bad-signature", false },
        { "alg-none", false },
        { "hs256-with-public-key", false },
        { "garbage", false },
        { "missing", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Cloudflare_OnlyValidTokensPass(string kind, bool accepted)
    {
        var now = DateTime.UtcNow;
        string? token = kind switch
        {
            "valid" or "valid-cookie" => _idp.Token("user-1", Aud),
            "expired" => _idp.Token("user-1", Aud, notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-10)),
            "not-yet-valid" => _idp.Token("user-1", Aud, notBefore: now.AddMinutes(10), expires: now.AddMinutes(30)),
            "wrong-aud" => _idp.Token("user-1", "another-app"),
            "wrong-iss" => _idp.Token("user-1", Aud, issuer: "https://evil.cloudflareaccess.com"),
            "bad-signature" => _idp.Token("user-1", Aud, key: JwksServer.NewKey(_idp.Key.KeyId!)),
            "alg-none" => _idp.UnsignedToken("user-1", Aud),
            "hs256-with-public-key" => _idp.Hs256WithPublicKey("user-1", Aud),
            "garbage" => "not.a.jwt",
            _ => null,
        };
        using var client = _cloudflare.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/ops?after=0");
        if (token is not null)
        {
            request.Headers.Add(kind == "valid-cookie" ? "Cookie" : "Cf-Access-Jwt-Assertion", kind == "valid-cookie" ? $"CF_Authorization={token}" : token);
        }

        using var response = await client.SendAsync(request);
        if (accepted)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await TestOps.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task UnknownKid_IsRejectedUntilTheRotatedKeyIsPublished()
    {
        var rotated = JwksServer.NewKey("key-2");
        var token = _idp.Token("user-2", Aud, key: rotated);
        using var client = _cloudflare.Client();
        client.DefaultRequestHeaders.Add("Cf-Access-Jwt-Assertion", token);
        await TestOps.AssertProblemAsync(await client.GetAsync("v2/ops"), HttpStatusCode.Unauthorized);

        _idp.Publish(_idp.Key, rotated);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("v2/ops")).StatusCode);
        var fetches = _idp.CertsRequests;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("v2/ops")).StatusCode);
        Assert.Equal(fetches, _idp.CertsRequests);
    }

    [Fact]
    public async Task SignInPage_SealsTheTokenForTheAppsKey_AndWaitsForAClick()
    {
        var token = _idp.Token("user-3", Aud);
        using var client = _cloudflare.Client();
        client.DefaultRequestHeaders.Add("Cf-Access-Jwt-Assertion", token);
        using var appKey = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var q = appKey.ExportParameters(false).Q;
        var point = Convert.ToBase64String([0x04, .. q.X!, .. q.Y!]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        const string Link = "v2/signin?redirect_uri=http%3A%2F%2F127.0.0.1%3A53123%2Fcallback&state=abcdefghijklmnop1234";

        using var page = await client.GetAsync($"{Link}&app_key={point}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("action=\"http://127.0.0.1:53123/callback\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"code\" value=\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"abcdefghijklmnop1234\"", html, StringComparison.Ordinal);
        Assert.Contains("<button id=\"continue\" type=\"submit\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.DoesNotContain("password\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());

        await TestOps.AssertProblemAsync(await client.GetAsync(Link), HttpStatusCode.BadRequest); // no app key: an old app
        await TestOps.AssertProblemAsync(await client.GetAsync($"{Link}&app_key=AAAA"), HttpStatusCode.BadRequest);
        var offCurve = "BA" + new string('A', 85); // 0x04 and zeros: not a point on P-256
        await TestOps.AssertProblemAsync(await client.GetAsync($"{Link}&app_key={offCurve}"), HttpStatusCode.BadRequest);
        await TestOps.AssertProblemAsync(await client.GetAsync($"v2/signin?redirect_uri=https%3A%2F%2Fevil.example%2F&state=abcdefghijklmnop1234&app_key={point}"), HttpStatusCode.BadRequest);
        await TestOps.AssertProblemAsync(await client.GetAsync($"v2/signin?redirect_uri=http%3A%2F%2F127.0.0.1%3A53123%2F&state=short&app_key={point}"), HttpStatusCode.BadRequest);
        using var anonymous = _cloudflare.Client();
        await TestOps.AssertProblemAsync(await anonymous.GetAsync($"{Link}&app_key={point}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Oidc_AcceptsTheIssuersTokensForItsAudienceOnly()
    {
        await using var oidc = await ServerInstance.StartAsync("--auth", "oidc", "--oidc-authority", _idp.Issuer, "--oidc-audience", "dataans",
            "--oidc-require-https", "false", "--user-claim", "email");
        var verified = new Dictionary<string, object> { ["email_verified"] = true }; // the user is the email: it must be verified (AccountGateTests)
        using var good = oidc.Client(_idp.Token("user-4", "dataans", extraClaims: verified));
        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync("health/auth")).StatusCode);
        using var wrong = oidc.Client(_idp.Token("user-4", "another"));
        await TestOps.AssertProblemAsync(await wrong.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
        using var expired = oidc.Client(_idp.Token("user-4", "dataans", notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1)));
        await TestOps.AssertProblemAsync(await expired.GetAsync("health/auth"), HttpStatusCode.Unauthorized);

        // The identity is the configured claim: a second token with the same email sees the same store.
        await TestOps.PushAsync(good, TestOps.Many(2));
        using var sameEmail = oidc.Client(_idp.Token("user-4", "dataans", extraClaims: verified));
        Assert.Equal(2, (await TestOps.PullAsync(sameEmail, 0)).Head);

        // Signing out cannot revoke an issuer's JWT: the server says it has no token to revoke.
        await TestOps.AssertProblemAsync(await good.DeleteAsync("v2/token"), HttpStatusCode.NotFound);
    }
}
