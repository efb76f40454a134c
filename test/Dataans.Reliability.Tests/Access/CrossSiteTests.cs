using System.Net;
using System.Text;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Cloudflare mode's credential is a cookie, which a browser sends along whatever page makes the
/// request (and Access then adds its header). A page on another site must not be able to make a
/// signed-in browser write; the app's own client, which sends no browser headers, still can.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class CrossSiteTests(AccessServers servers)
{
    public static TheoryData<string, string> CrossSite => new()
    {
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
        { "Origin", "https://evil.example" },
        { "Origin", "null" },
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task CrossSiteBrowserWrites_AreRefused_AndStoreNothing(string header, string value)
    {
        var server = servers.Cloudflare;
        var user = "csrf-" + Guid.NewGuid().ToString("N")[..8];
        var jwt = Jwt.Rs256(server.Idp.Key, server.Claims(user));
        using var app = server.Client(Credential.Cookie("cookie", "CF_Authorization", jwt));
        var head = (await TestOps.PushAsync(app, UserData.NewOp("csrf"))).Head;

        // What Access forwards for the browser: the cookie and its header, plus what the browser adds.
        var browser = Credential.Cookie("cookie", "CF_Authorization", jwt)
            .And(Credential.Header("access header", "Cf-Access-Jwt-Assertion", jwt))
            .And(Credential.Header(header, header, value));
        using var page = server.Client(browser);
        var file = Guid.NewGuid();
        HttpRequestMessage[] writes =
        [
            new(HttpMethod.Post, "v2/ops") { Content = new StringContent(await TestOps.Body(UserData.NewOp("forged")).ReadAsStringAsync(), Encoding.UTF8, "text/plain") },
            new(HttpMethod.Post, "data/operation") { Content = new StringContent(await UserData.V1Body(UserData.NewOp("forged-v1")).ReadAsStringAsync(), Encoding.UTF8, "text/plain") },
            new(HttpMethod.Post, $"file/{file}") { Content = new StringContent("forged file", Encoding.UTF8, "text/plain") },
            new(HttpMethod.Post, "user") { Content = new StringContent($$"""{"id":"{{Guid.NewGuid()}}","secretKeyHash":"forged"}""", Encoding.UTF8, "text/plain") },
            new(HttpMethod.Put, $"v2/files/{file}?offset=0") { Content = new StringContent("forged", Encoding.UTF8, "text/plain") },
        ];
        var admitted = new List<string>();
        foreach (var write in writes)
        {
            using (write)
            {
                using var response = await page.SendAsync(write);
                // 415: routing refuses a text/plain body where only JSON is accepted, before authentication.
                if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.UnsupportedMediaType))
                {
                    admitted.Add($"{write.Method} {write.RequestUri!.AbsolutePath}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(admitted.Count == 0, "admitted: " + string.Join(", ", admitted));

        Assert.Equal(head, (await TestOps.PullAsync(app, 0)).Head);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"file/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("user")).StatusCode);

        // Reads stay open to the browser (another site cannot read the answers; sign-in arrives by a cross-site redirect).
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("v2/ops")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("v2/signin" + RouteRequests.SignInQuery)).StatusCode);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Sec-Fetch-Site", "none")]
    public async Task SameOriginBrowserWrites_AreAccepted(string header, string value)
    {
        var server = servers.Cloudflare;
        var jwt = Jwt.Rs256(server.Idp.Key, server.Claims("csrf-same-origin"));
        using var page = server.Client(Credential.Cookie("cookie", "CF_Authorization", jwt).And(Credential.Header(header, header, value)));
        Assert.Equal(1, (await TestOps.PushAsync(page, UserData.NewOp("same-origin"))).Accepted);
    }
}
