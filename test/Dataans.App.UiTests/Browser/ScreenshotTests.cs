using Dataans.Core.Avatars;
using Dataans.Core.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Regenerates docs/screenshots/ (dark and light) from a small sample data folder.</summary>
[Collection("ui")]
public sealed class ScreenshotTests(AppFixture app)
{
    [Fact]
    public async Task MainScreens_AreCapturedInDarkAndLight()
    {
        await using var extra = await ExtraApp.StartAsync();
        var edited = await SeedAsync(extra);
        var folder = Path.Combine(Unit.EditorScriptTests.RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var started = DateTime.UtcNow.AddSeconds(-1);
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        var page = tab.Page;

        foreach (var theme in new[] { "dark", "light" })
        {
            await tab.GotoAsync("/settings");
            await page.Locator("#theme-select").SelectOptionAsync($"theme_{theme}.toml");
            await Expect(page.Locator(".app")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($@"\b{theme}\b"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"settings-{theme}.png") });

            await tab.GotoAsync("/");
            await tab.SelectSpaceAsync("Work");
            await Expect(page.Locator("article.note img")).ToHaveJSPropertyAsync("complete", true);
            await page.Locator(".timeline").EvaluateAsync("el => el.scrollTop = el.scrollHeight");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"main-{theme}.png") });

            var note = page.Locator($"[id='{edited.Id}']");
            await note.HoverAsync();
            await note.GetByRole(AriaRole.Button, new() { Name = "Note history" }).ClickAsync();
            await Expect(page.Locator(".history .version")).ToHaveCountAsync(2);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"history-{theme}.png") });
            await page.Keyboard.PressAsync("Escape");

            await page.Keyboard.PressAsync("Control+f");
            await page.Locator("#search-note-input").FillAsync("report");
            await Expect(page.Locator(".results .result")).ToHaveCountAsync(2);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"search-{theme}.png") });
        }

        await tab.GotoAsync("/settings");
        await page.Locator("#theme-select").SelectOptionAsync("theme_dark.toml");
        string[] screens = ["settings", "main", "history", "search"];
        var written = screens.SelectMany(screen => new[] { $"{screen}-dark.png", $"{screen}-light.png" })
            .Where(name => File.GetLastWriteTimeUtc(Path.Combine(folder, name)) >= started);
        Assert.Equal(8, written.Count());
    }

    private static async Task<Note> SeedAsync(ExtraApp extra)
    {
        var store = extra.Store;
        var work = await store.CreateSpaceAsync("Work");
        foreach (var name in new[] { "Travel", "Recipes", "Reading list", "Ideas" })
        {
            await store.CreateSpaceAsync(name);
        }

        await store.CreateNoteAsync(work.Id, "# Weekly plan\n\n1. Finish the quarterly **report**\n2. Review _pull requests_\n3. ~~Book the room~~ done\n\n- [x] Send the agenda\n- [ ] Prepare slides");
        var edited = await store.CreateNoteAsync(work.Id, "Call the printer about the report");
        edited = await store.UpdateNoteAsync(edited.Id, "Call the printer about the report covers (blue, not green)");
        await store.CreateNoteAsync(work.Id, "> Simple things should be simple, complex things should be possible.\n\nSee https://example.com/handbook for details.");
        await store.CreateNoteAsync(work.Id, "Totals by quarter:\n\n| Quarter | Revenue | Growth |\n|---|---:|---:|\n| Q1 | 1.2M | 4% |\n| Q2 | 1.4M | 17% |");
        await store.CreateNoteAsync(
            work.Id,
            "Retry with a back-off:\n\n```csharp\nfor (var attempt = 1; attempt <= 3; attempt++)\n{\n    if (await TrySendAsync(message)) return true; // done\n    await Task.Delay(TimeSpan.FromSeconds(attempt * 2));\n}\n```");
        var picture = AvatarGenerator.Generate(Guid.NewGuid());
        await store.CreateNoteAsync(
            work.Id,
            "Whiteboard from today ![=96x96](whiteboard.png)",
            [new AttachmentSource("whiteboard.png", _ => Task.FromResult<Stream>(new MemoryStream(picture))), new AttachmentSource("minutes.pdf", _ => Task.FromResult<Stream>(new MemoryStream("%PDF-1.4"u8.ToArray())))]);
        return edited;
    }
}
