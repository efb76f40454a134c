using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// An unmodified original Dataans client signing in to our server in Cloudflare mode: its CF-Auth window
/// loads <c>/health/authorize.html</c> with the Access cookie and expects the page to call its Tauri command
/// <c>plugin:dataans|sign_in</c>; then it checks <c>health/auth</c> and creates or reads <c>user/</c>.
/// The window's Tauri bridge is stood in for by a script that records the call.
/// </summary>
[Collection("ui")]
public sealed class OriginalSignInPageTests(AppFixture app)
{
    private const string Audience = "dataans-original-page";
    private const string TauriBridge = "window.__calls = []; window.__TAURI__ = { core: { invoke: async (command, args) => { window.__calls.push({ command, args }); } } };";

    [Fact]
    public async Task OriginalWindow_GetsTheTokenOriginAndKeyInputs_ThroughItsSignInCommand_AndTheOriginalsNextStepsWork()
    {
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer);
        var jwt = idp.Token("original-user", Audience);
        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var context = await app.Browser.NewContextAsync();
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "CF_Authorization", Value = jwt, Url = origin, HttpOnly = true }]);
        await context.AddInitScriptAsync(TauriBridge);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(origin + "/health/authorize.html");
        Assert.Equal(200, response!.Status);
        Assert.Contains("form-action 'none'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.Locator("#password").FillAsync("pw ✓");
        await page.Locator("#salt").FillAsync("Amber-Falcon-Quiet-River-Stone");
        await page.GetByText("Let me in!").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Signed in.");
        using var callJson = JsonDocument.Parse(await page.EvaluateAsync<string>("JSON.stringify(window.__calls[0])"));
        var call = callJson.RootElement;
        Assert.Equal("plugin:dataans|sign_in", call.GetProperty("command").GetString());
        var args = call.GetProperty("args");
        Assert.Equal(jwt, args.GetProperty("token").GetString());
        Assert.Equal(origin, args.GetProperty("url").GetString());
        Assert.Equal("pw ✓", args.GetProperty("password").GetString());
        Assert.Equal("Amber-Falcon-Quiet-River-Stone", args.GetProperty("salt").GetString());

        // Renewing an expired session: both fields empty, so the app keeps its key (the (None, None) branch).
        await page.ReloadAsync();
        await page.GetByText("Let me in!").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Signed in.");
        Assert.Equal("[\"token\",\"url\"]", await page.EvaluateAsync<string>("JSON.stringify(Object.keys(window.__calls[0].args).sort())"));

        // What the original's sign_in does next with that token, as its client sends it (the cookie).
        using var http = new HttpClient { BaseAddress = new Uri(origin + "/") };
        http.DefaultRequestHeaders.Add("Cookie", $"CF_Authorization={jwt}");
        Assert.Equal("auth_ok", await http.GetStringAsync(new Uri("health/auth", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("user/", UriKind.Relative))).StatusCode);
        var user = "{\"id\":\"7a1e6c3e-8a51-4c55-9f50-1f1d0c2b3a4d\",\"secretKeyHash\":\"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g\"}";
        using (var created = await http.PostAsync(new Uri("user/", UriKind.Relative), new StringContent(user, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using var stored = JsonDocument.Parse(await http.GetStringAsync(new Uri("user/", UriKind.Relative)));
        Assert.StartsWith("$argon2id$", stored.RootElement.GetProperty("secretKeyHash").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideTheOriginalsWindow_ThePageSaysWhatItIsFor_AndOurHandOffStillAnswersOnTheSamePath()
    {
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer);
        var jwt = idp.Token("plain-browser", Audience);
        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ExtraHTTPHeaders = new Dictionary<string, string> { ["Cf-Access-Jwt-Assertion"] = jwt } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(origin + "/health/authorize.html");
        await page.GetByText("Let me in!").ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("belongs in the original Dataans app's sign-in window");

        using var http = new HttpClient { BaseAddress = new Uri(origin + "/") };
        http.DefaultRequestHeaders.Add("Cf-Access-Jwt-Assertion", jwt);
        using var appKey = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var q = appKey.ExportParameters(false).Q;
        var point = Convert.ToBase64String([0x04, .. q.X!, .. q.Y!]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var handOff = await http.GetStringAsync(new Uri($"health/authorize.html?redirect_uri=http%3A%2F%2F127.0.0.1%3A45678%2Fcallback&state=abcdefghijklmnopqrstuvwxyz&app_key={point}", UriKind.Relative));
        Assert.Contains("name=\"code\" value=\"", handOff, StringComparison.Ordinal);
        Assert.Contains("<button id=\"continue\" type=\"submit\">", handOff, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"password\"", handOff, StringComparison.Ordinal);
    }
}
