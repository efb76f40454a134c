using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Two app instances signed in to one real dataans-server from their settings pages.</summary>
[Collection("ui")]
public sealed class SyncUiTests(AppFixture app)
{
    [Fact]
    public async Task SignInOnBothApps_ThenAnEditInBrowserA_AppearsInBrowserB_InAutoMode()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("alice");
        await using var appA = await ExtraApp.StartAsync();
        await using var appB = await ExtraApp.StartAsync();
        await using var tabA = await app.OpenAsync(appA.Server.Url, "/settings");
        await using var tabB = await app.OpenAsync(appB.Server.Url, "/settings");

        var passphrase = await SignInAsync(tabA.Page, server.BaseAddress, token, passphrase: null);
        Assert.Matches(@"^[A-Z][a-z]+(-[A-Z][a-z]+){4}$", passphrase);
        await SignInAsync(tabB.Page, server.BaseAddress, token, passphrase);
        await tabA.Page.Locator("#sync-auto").CheckAsync();
        await tabB.Page.Locator("#sync-auto").CheckAsync();

        await tabA.GotoAsync("/");
        await tabA.CreateSpaceAsync("Shared from A");
        await tabA.SendNoteAsync("hello from **A**");

        await tabB.GotoAsync("/");
        var space = tabB.Page.Locator("nav.spaces .space", new() { HasText = "Shared from A" });
        await Expect(space).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await tabB.SelectSpaceAsync("Shared from A");
        await Expect(tabB.Notes.Last).ToContainTextAsync("hello from A", new() { Timeout = 20_000 });

        await tabB.GotoAsync("/settings");
        await Expect(tabB.Page.Locator("#sync-last")).ToContainTextAsync("ok");
        Assert.DoesNotContain(tabA.Errors.Concat(tabB.Errors), error => error.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPassphrase_IsExplained_AndNothingIsSignedIn()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("bob");
        await using var appA = await ExtraApp.StartAsync();
        await using var appB = await ExtraApp.StartAsync();
        await using var tabA = await app.OpenAsync(appA.Server.Url, "/settings");
        await using var tabB = await app.OpenAsync(appB.Server.Url, "/settings");
        await SignInAsync(tabA.Page, server.BaseAddress, token, passphrase: null);

        await FillSignInAsync(tabB.Page, server.BaseAddress, token, "Wrong-Words-Typed-In-Here");

        await Expect(tabB.Page.Locator(".sync .error")).ToContainTextAsync("passphrase");
        await Expect(tabB.Page.Locator("#sync-sign-in")).ToBeVisibleAsync();
        Assert.False(File.Exists(Path.Combine(appB.DataDir, "profile", "profile.json")));
    }

    [Fact]
    public async Task CloudflareServer_SignsInThroughTheBrowserHandOff()
    {
        const string audience = "dataans-ui-aud";
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer);
        await using var appA = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(appA.Server.Url, "/settings");

        await FillSignInAsync(tab.Page, server.BaseAddress, token: string.Empty, passphrase: null);
        var link = tab.Page.Locator("#sync-browser-sign-in");
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // The edge forwards the Access JWT; the page shows who asks and hands over a sealed code only when clicked.
        await tab.Page.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Cf-Access-Jwt-Assertion"] = idp.Token("carol", audience) });
        var signInPage = await tab.Page.Context.NewPageAsync();
        await signInPage.GotoAsync(await link.GetAttributeAsync("href") ?? string.Empty);
        await Expect(signInPage.Locator("body")).ToContainTextAsync("asks to use this sign-in");
        await Expect(tab.Page.Locator("#sync-now")).ToHaveCountAsync(0); // nothing happens without the click
        await signInPage.Locator("#continue").ClickAsync();
        await Expect(signInPage.Locator("body")).ToContainTextAsync("You can close this tab", new() { Timeout = 20_000 });

        await Expect(tab.Page.Locator("#sync-now")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(tab.Page.Locator("#sync-passphrase")).ToBeVisibleAsync();
    }

    private static async Task<string> SignInAsync(IPage page, Uri server, string token, string? passphrase)
    {
        await FillSignInAsync(page, server, token, passphrase);
        await Expect(page.Locator("#sync-now")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        if (passphrase is not null)
        {
            return passphrase;
        }

        var shown = page.Locator("#sync-passphrase");
        await Expect(shown).ToBeVisibleAsync();
        return (await shown.InnerTextAsync()).Trim();
    }

    private static async Task FillSignInAsync(IPage page, Uri server, string token, string? passphrase)
    {
        await page.Locator("#sync-server").FillAsync(server.AbsoluteUri);
        await page.Locator("#sync-token").FillAsync(token);
        await page.Locator("#sync-password").FillAsync("correct horse battery staple");
        await page.Locator("#sync-passphrase-input").FillAsync(passphrase ?? string.Empty);
        await page.Locator("#sync-sign-in").ClickAsync();
    }
}
