using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// The settings page's sign-in: OpenID Connect through the issuer's own page (a real oidc-provider), and
/// "sign in again" after the server refused an expired sign-in, which keeps the key and resumes sync.
/// </summary>
[Collection("ui")]
public sealed class SignInUiTests(AppFixture app)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task OpenIdServer_SignsInOnTheIssuersPage_AndSyncs()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var server = await ServerInstance.StartAsync(provider.ServerArgs);
        await using var appA = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(appA.Server.Url, "/settings");
        var page = tab.Page;

        await page.Locator("#sync-server").FillAsync(server.BaseAddress.AbsoluteUri);
        await page.Locator("details.oidc summary").ClickAsync();
        await page.Locator("#sync-oidc-issuer").FillAsync(provider.Issuer.AbsoluteUri);
        await page.Locator("#sync-oidc-client").FillAsync(OidcProvider.ClientId);
        await page.Locator("#sync-oidc-scope").FillAsync(OidcProvider.Scope);
        await page.Locator("#sync-oidc-resource").FillAsync(OidcProvider.Resource);
        await page.Locator("#sync-password").FillAsync(Password);
        await page.Locator("#sync-sign-in").ClickAsync();
        var link = page.Locator("#sync-browser-sign-in");
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The issuer's own pages: its login form (any user on this test provider) and its consent form.
        var issuerPage = await page.Context.NewPageAsync();
        await issuerPage.GotoAsync(await link.GetAttributeAsync("href") ?? string.Empty);
        await issuerPage.Locator("input[name=login]").FillAsync("nina");
        await issuerPage.Locator("input[name=password]").FillAsync("anything");
        await issuerPage.Locator("button[type=submit]").ClickAsync();
        await issuerPage.Locator("button[type=submit]", new() { HasText = "Continue" }).ClickAsync();
        await Expect(issuerPage.Locator("body")).ToContainTextAsync("You can close this tab", new() { Timeout = 20_000 });

        await Expect(page.Locator("#sync-now")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#sync-passphrase")).ToBeVisibleAsync();
        await page.Locator("#sync-now").ClickAsync();
        await Expect(page.Locator("#sync-last")).ToContainTextAsync("ok", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Artifact("settings-oidc-signed-in.png") });
    }

    [Fact]
    public async Task ExpiredSignIn_ShowsSignInAgain_AndANewTokenResumesSyncWithoutThePassword()
    {
        const string audience = "dataans-ui-again";
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer, "--Auth:ClockSkewSeconds=0");
        await using var appA = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(appA.Server.Url, "/settings");
        var page = tab.Page;
        var shortLived = idp.Token("olga", audience, expires: DateTime.UtcNow.AddSeconds(20));

        await page.Locator("#sync-server").FillAsync(server.BaseAddress.AbsoluteUri);
        await page.Locator("#sync-token").FillAsync(shortLived);
        await page.Locator("#sync-password").FillAsync(Password);
        await page.Locator("#sync-sign-in").ClickAsync();
        await Expect(page.Locator("#sync-now")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#sync-auto").CheckAsync();
        await server.WaitUntilAccessJwtRefusedAsync(shortLived);

        // The next sync is refused: the page asks to sign in again instead of failing over and over.
        await page.Locator("#sync-now").ClickAsync();
        var again = page.Locator(".sign-in-again");
        await Expect(again).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator(".sync .status")).ToContainTextAsync("sign in again");
        await Expect(page.Locator("#sync-again-password")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Artifact("settings-sign-in-again.png") });

        await page.Locator("#sync-again-token").FillAsync(idp.Token("olga", audience));
        await page.Locator("#sync-sign-in-again").ClickAsync();

        await Expect(again).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await tab.ExpectToastAsync("Signed in again; sync resumes.");
        await Expect(page.Locator("#sync-last")).ToContainTextAsync("ok", new() { Timeout = 30_000 });
        Assert.DoesNotContain(tab.Errors, error => error.Contains(shortLived, StringComparison.Ordinal));
    }

    /// <summary>Screenshots for a person to check, kept with the test output.</summary>
    private static string Artifact(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
