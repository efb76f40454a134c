using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// Screens a person checks by eye (docs/screenshots/): search counts, attaching, deleting a big space,
/// the sync section, code highlighting, narrow windows, toasts and the stopped-app box. The folder can
/// be redirected with DATAANS_SCREENSHOTS_DIR (to keep "before" pictures of a change elsewhere).
/// </summary>
[Collection("ui")]
public sealed class ScreenshotScenesTests(AppFixture app)
{
    internal static string Folder()
    {
        var folder = Environment.GetEnvironmentVariable("DATAANS_SCREENSHOTS_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Unit.EditorScriptTests.RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public async Task WorkingScreens_AreCaptured()
    {
        var folder = Folder();
        await using var extra = await ExtraApp.StartAsync();
        var store = extra.Store;
        var big = await store.CreateSpaceAsync("Journal");
        for (var i = 0; i < 240; i++)
        {
            await store.CreateNoteAsync(big.Id, $"Morning pages {i}: coffee at the café, then the walk");
        }

        var code = await store.CreateSpaceAsync("Code");
        await store.CreateNoteAsync(code.Id, CodeSamples);
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        var page = tab.Page;

        await tab.SelectSpaceAsync("Code");
        await page.Locator(".timeline").EvaluateAsync("el => el.scrollTop = 0");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "code-dark.png"), FullPage = true });

        await tab.SelectSpaceAsync("Journal");
        await page.Keyboard.PressAsync("Control+f");
        await page.Locator("#search-note-input").FillAsync("cafe");
        await page.WaitForTimeoutAsync(1500); // a picture of whatever the search shows (no hits before folding)
        await Expect(page.Locator(".results mark").Filter(new() { HasText = "café" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "search-count-dark.png") });
        await page.Locator("#search-note-input").FillAsync("coffee");
        await Expect(page.Locator(".results mark").Filter(new() { HasText = "coffee" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "search-many-dark.png") });
        await page.Locator("#search-note-input").PressAsync("Escape");

        await tab.SelectSpaceAsync("Journal");
        var upload = Path.Combine(extra.DataDir, "site plan.png");
        await File.WriteAllBytesAsync(upload, Dataans.Core.Avatars.AvatarGenerator.Generate(Guid.NewGuid()));
        await page.Locator(".composer input[type=file]").SetInputFilesAsync(upload);
        await Expect(page.Locator(".composer .chip")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "attach-dark.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "delete-space-dark.png") });
        await page.Keyboard.PressAsync("Escape");

        await tab.GotoAsync("/settings");
        await page.Locator("#theme-select").SelectOptionAsync("theme_light.toml");
        await tab.GotoAsync("/");
        await tab.SelectSpaceAsync("Journal");
        await page.SetViewportSizeAsync(420, 760);
        await page.WaitForTimeoutAsync(500); // layout settles (a picture only)
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "narrow-light.png") });
        await page.SetViewportSizeAsync(1280, 800);

        await page.Locator("article.note").Last.HoverAsync();
        await page.Locator("article.note").Last.GetByRole(AriaRole.Button, new() { Name = "Copy note" }).ClickAsync();
        await tab.ExpectToastAsync("Copied!");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "toast-light.png") });
    }

    [Fact]
    public async Task SyncScreens_AreCaptured()
    {
        var folder = Folder();
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("shots");
        await using var extra = await ExtraApp.StartAsync();
        await extra.Store.CreateSpaceAsync("Inbox");
        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        var page = tab.Page;
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "sync-sign-in-dark.png"), FullPage = true });

        await page.Locator("#sync-server").FillAsync(server.BaseAddress.AbsoluteUri);
        await page.Locator("#sync-token").FillAsync(token);
        await page.Locator("#sync-password").FillAsync("correct horse battery staple");
        await page.Locator("#sync-sign-in").ClickAsync();
        await Expect(page.Locator("#sync-passphrase")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#sync-heading").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "sync-signed-in-dark.png") });

        await tab.GotoAsync("/");
        await tab.SelectSpaceAsync("Inbox");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "main-sync-dark.png") });
    }

    [Fact]
    public async Task StoppedApp_IsExplained()
    {
        var folder = Folder();
        var extra = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await extra.DisposeAsync();
        var box = tab.Page.GetByText(new System.Text.RegularExpressions.Regex("rejoin|reconnect|not running|not answering", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .Filter(new() { Visible = true }).First;
        await Expect(box).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await tab.Page.WaitForTimeoutAsync(3000); // the box's first retries (a picture only)
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "app-stopped-dark.png") });
    }

    private const string CodeSamples = """
        Snippets

        ```rust
        fn main() { let total: u32 = (1..=3).sum(); println!("{total}"); } // sum
        ```

        ```go
        func main() { fmt.Println("hi", len(os.Args)) } // args
        ```

        ```sh
        export DATA=~/notes && dataans note list --limit 5 # five
        ```

        ```yaml
        server: { port: 8080, debug: true } # comment
        ```

        ```toml
        [app]
        app-toggle = "F2" # shortcut
        ```

        ```sql
        SELECT id, name FROM spaces WHERE id = 42; -- one
        ```

        ```json
        { "name": "Work", "notes": 12, "shared": false }
        ```

        ```ts
        const n: number = await count("Work"); // typed
        ```
        """;
}
