using System.Net;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Tests;

/// <summary>
/// Issue 14, item 3: the identity provider's signature alone does not make an account. The allow-lists
/// and the required claim admit some identities only, and in oidc mode with the email claim the issuer
/// must have verified the address; a refused identity gets 403 with the reason (real RS256 tokens).
/// </summary>
public sealed class AccountGateTests : IAsyncLifetime
{
    private const string Aud = "cf-gate-aud";
    private JwksServer _idp = null!;

    public async Task InitializeAsync() => _idp = await JwksServer.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    [Fact]
    public async Task Oidc_WithTheEmailClaim_AdmitsVerifiedAddressesOfTheAllowedDomainOnly()
    {
        await using var oidc = await ServerInstance.StartAsync("--auth", "oidc", "--oidc-authority", _idp.Issuer, "--oidc-audience", "dataans",
            "--Auth:Oidc:RequireHttpsMetadata=false", "--user-claim", "email", "--allow-domains", "Example.Test");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(oidc, new() { ["email_verified"] = true }));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(oidc, new() { ["email_verified"] = "true" })); // some issuers send a string
        await AssertRefusedAsync(oidc, new(), "email_verified");
        await AssertRefusedAsync(oidc, new() { ["email_verified"] = false }, "email_verified");
        await AssertRefusedAsync(oidc, new() { ["email"] = "ann@elsewhere.test", ["email_verified"] = true }, "allow-list");
        await AssertRefusedAsync(oidc, new() { ["email"] = "ann@example.test.evil.test", ["email_verified"] = true }, "allow-list");
    }

    [Fact]
    public async Task Cloudflare_AllowedUsersAndTheRequiredClaim_MustBothHold()
    {
        await using var cloudflare = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Aud,
            "--cloudflare-certs-url", _idp.CertsUrl, "--cloudflare-issuer", _idp.Issuer,
            "--allow-users", "alice, carol", "--require-claim", "groups=dataans");
        var groups = new Dictionary<string, object> { ["groups"] = new[] { "staff", "dataans" } };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(cloudflare, groups, "alice"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(cloudflare, groups, "carol"));
        await AssertRefusedAsync(cloudflare, new(), "groups=dataans", "alice");
        await AssertRefusedAsync(cloudflare, new() { ["groups"] = new[] { "staff" } }, "groups=dataans", "alice");
        await AssertRefusedAsync(cloudflare, groups, "allow-list", "bob");
        await AssertRefusedAsync(cloudflare, groups, "allow-list", "Alice"); // users are compared exactly
    }

    [Fact]
    public async Task Oidc_WithoutAGate_StillAdmitsEveryIdentity_AndTheSubClaimNeedsNoVerifiedEmail()
    {
        await using var oidc = await ServerInstance.StartAsync("--auth", "oidc", "--oidc-authority", _idp.Issuer, "--oidc-audience", "dataans",
            "--Auth:Oidc:RequireHttpsMetadata=false");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(oidc, new(), "anyone"));
    }

    [Theory]
    [InlineData("--allow-users")]
    [InlineData("--allow-domains")]
    [InlineData("--require-claim")]
    public async Task TokenMode_RefusesTheJwtGates_AtStart(string option)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerInstance.StartAsync("--auth", "token", option, "x=y"));
        Assert.Contains("token mode", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchingAStoreWithTokenUsersToAJwtMode_IsRefusedAtStart_UnlessTheOperatorMeansIt()
    {
        var dataDir = Directory.CreateTempSubdirectory("dataans-mode-switch-").FullName;
        try
        {
            await using (var token = await ServerInstance.StartAsync("--auth", "token", "--data-dir", dataDir))
            {
                await token.AddUserAsync("alice");
            }

            string[] cloudflare = ["--auth", "cloudflare", "--cloudflare-aud", Aud, "--cloudflare-certs-url", _idp.CertsUrl,
                "--cloudflare-issuer", _idp.Issuer, "--data-dir", dataDir];
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerInstance.StartAsync(cloudflare));
            var message = Assert.Single(error.Failures);
            Assert.Contains("1 token-mode user(s)", message, StringComparison.Ordinal);
            Assert.Contains("--adopt-token-users true", message, StringComparison.Ordinal);

            await using var adopted = await ServerInstance.StartAsync([.. cloudflare, "--adopt-token-users", "true"]);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(adopted, new(), "alice"));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task RequiredClaimWithoutAValue_FailsAtStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Aud,
            "--cloudflare-certs-url", _idp.CertsUrl, "--cloudflare-issuer", _idp.Issuer, "--require-claim", "groups"));
        Assert.Contains("name=value", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> StatusAsync(ServerInstance server, Dictionary<string, object> claims, string subject = "ann")
    {
        using var client = Client(server, subject, claims);
        using var response = await client.GetAsync("health/auth");
        return response.StatusCode;
    }

    private async Task AssertRefusedAsync(ServerInstance server, Dictionary<string, object> claims, string reason, string subject = "ann")
    {
        using var client = Client(server, subject, claims);
        var problem = await TestOps.AssertProblemAsync(await client.GetAsync("health/auth"), HttpStatusCode.Forbidden);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("unauthorized", problem.GetProperty("code").GetString());
    }

    private HttpClient Client(ServerInstance server, string subject, Dictionary<string, object> claims)
    {
        var audience = server.App.Configuration["Auth:Mode"] == "oidc" ? "dataans" : Aud;
        var token = _idp.Token(subject, audience, extraClaims: claims);
        if (audience == "dataans")
        {
            return server.Client(token);
        }

        var client = server.Client();
        client.DefaultRequestHeaders.Add("Cf-Access-Jwt-Assertion", token);
        return client;
    }
}
