using System.Net;
using Dataans.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Which credentials name the same user. The store key is the token's user name, or the configured
/// claim of a JWT from the one trusted issuer, compared exactly: a case variant is another user, the
/// same subject at another issuer is nobody, and other claims do not matter.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class IdentityTests(AccessServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task SameStore_OnlyForTheSameConfiguredClaimAtTheTrustedIssuer()
    {
        var check = new Checks("identity");

        // cloudflare keys users by email: case variants are other users; another sub with the same email is the same user.
        var cloudflare = servers.Cloudflare;
        using var owner = JwtClient(cloudflare, "cf-owner", "Case.Owner@Example.test");
        var head = await OwnsOneOpAsync(owner);
        foreach (var variant in new[] { "case.owner@example.test", "CASE.OWNER@EXAMPLE.TEST", "Case.Owner@Example.test ", " Case.Owner@Example.test" })
        {
            using var other = JwtClient(cloudflare, "cf-owner", variant);
            check.Equal(0L, (await TestOps.PullAsync(other, 0)).Head, $"cloudflare: email '{variant}' sees nothing of 'Case.Owner@Example.test'");
        }

        using (var sameEmail = JwtClient(cloudflare, "another-sub", "Case.Owner@Example.test"))
        {
            check.Equal(head, (await TestOps.PullAsync(sameEmail, 0)).Head, "cloudflare: the same email with another sub is the same user");
        }

        // oidc keys users by sub at the one authority: case variants are other users; the same sub elsewhere is refused.
        var oidc = servers.Oidc;
        using var subject = JwtClient(oidc, "Oidc-Owner", "x@example.test");
        var oidcHead = await OwnsOneOpAsync(subject);
        foreach (var variant in new[] { "oidc-owner", "OIDC-OWNER", "Oidc-Owner " })
        {
            using var other = JwtClient(oidc, variant, "x@example.test");
            check.Equal(0L, (await TestOps.PullAsync(other, 0)).Head, $"oidc: sub '{variant}' sees nothing of 'Oidc-Owner'");
        }

        using (var otherEmail = JwtClient(oidc, "Oidc-Owner", "someone.else@example.test"))
        {
            check.Equal(oidcHead, (await TestOps.PullAsync(otherEmail, 0)).Head, "oidc: the same sub with another email is the same user");
        }

        foreach (var (server, stranger) in new[] { (oidc, servers.Stranger), (cloudflare, servers.Stranger) })
        {
            var claims = Jwt.Claims(stranger.Issuer, server.Audience, "Oidc-Owner", "Case.Owner@Example.test");
            using var elsewhere = server.Client(server.PlaceJwt("stranger", Jwt.Rs256(stranger.Key, claims)));
            check.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("v2/ops")).StatusCode, $"{server}: the same user at another issuer is refused");
        }

        // token mode: names differing in case are separate users with separate tokens and stores.
        var token = servers.Token.Server;
        using var upper = token.Client(await token.AddUserAsync("CaseUser"));
        var upperHead = await OwnsOneOpAsync(upper);
        var (code, _, _) = await token.AdminAsync(["user", "add", "caseuser"]);
        check.Equal(0, code, "token: 'caseuser' can be added next to 'CaseUser'");
        var (again, _, _) = await token.AdminAsync(["user", "add", "CaseUser"]);
        check.Equal(1, again, "token: 'CaseUser' cannot be added twice");
        check.Equal(upperHead, (await TestOps.PullAsync(upper, 0)).Head, "token: 'CaseUser' keeps its store");

        output.WriteLine($"{check.Count} identity checks");
        Figures.Record("access", "identity checks", check.Count);
        check.AssertAll();
    }

    private static HttpClient JwtClient(ModeServer server, string subject, string email) =>
        server.Client(server.PlaceJwt("valid", Jwt.Rs256(server.Idp.Key, Jwt.Claims(server.Idp.Issuer, server.Audience, subject, email))));

    private static async Task<long> OwnsOneOpAsync(HttpClient client)
    {
        var pushed = await TestOps.PushAsync(client, UserData.NewOp("identity"));
        Assert.True(pushed.Head >= 1);
        return pushed.Head;
    }
}
