using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

[Collection("ui")]
public sealed class SearchAndKeysTests(AppFixture app)
{
    [Fact]
    public async Task GlobalSearch_FindsCjkText_AndJumpsToAnOldNote()
    {
        var space = await app.Store.CreateSpaceAsync("Travel " + Guid.NewGuid().ToString("N")[..6]);
        var target = await app.Store.CreateNoteAsync(space.Id, "夜の東京タワーはきれいでした");
        for (var i = 0; i < 130; i++)
        {
            await app.Store.CreateNoteAsync(space.Id, $"filler note {i}");
        }

        await using var tab = await app.OpenAsync();
        await tab.Page.Keyboard.PressAsync("Control+f");
        var input = tab.Page.Locator("#search-note-input");
        await Expect(input).ToBeFocusedAsync();
        await input.FillAsync("東京");

        var result = tab.Page.Locator(".results .result").Filter(new() { HasText = space.Name });
        await Expect(result).ToHaveCountAsync(1);
        await Expect(result.Locator("mark")).ToHaveTextAsync("東京");
        await Expect(tab.Page.Locator(".found")).ToContainTextAsync(new Regex(@"Found \d+ notes?:"));
        await input.PressAsync("ArrowDown");
        await input.PressAsync("Enter");

        await Expect(tab.Page.Locator(".space-header h1")).ToHaveTextAsync(space.Name);
        var note = tab.Page.Locator($"[id='{target.Id}']");
        await Expect(note).ToBeFocusedAsync();
        await Expect(note).ToBeInViewportAsync();
        await Expect(note.Locator(".markdown")).ToHaveTextAsync("夜の東京タワーはきれいでした");

        await input.PressAsync("Escape");
        await Expect(tab.Page.Locator("nav.spaces .list")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ASearchOfMoreThanAPage_CountsEveryMatch_AndShowsTheRestOnRequest()
    {
        var word = "quince" + Guid.NewGuid().ToString("N")[..6];
        var space = await app.Store.CreateSpaceAsync("Orchard " + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < 130; i++)
        {
            await app.Store.CreateNoteAsync(space.Id, $"{word} jam, jar {i}");
        }

        await using var tab = await app.OpenAsync();
        await tab.Page.Keyboard.PressAsync("Control+f");
        await tab.Page.Locator("#search-note-input").FillAsync(word);

        await Expect(tab.Page.Locator(".results .result")).ToHaveCountAsync(100);
        await Expect(tab.Page.Locator(".found")).ToHaveTextAsync("Found 130 notes:");
        var more = tab.Page.Locator("button.more");
        await Expect(more).ToHaveTextAsync("Show more (30 left)");
        await more.ClickAsync();

        await Expect(tab.Page.Locator(".results .result")).ToHaveCountAsync(130);
        await Expect(more).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator(".found")).ToHaveTextAsync("Found 130 notes:");
    }

    [Fact]
    public async Task InSpaceSearch_ShowsTheScope_AndOnlyThatSpace()
    {
        var here = await app.Store.CreateSpaceAsync("Here " + Guid.NewGuid().ToString("N")[..6]);
        var there = await app.Store.CreateSpaceAsync("There " + Guid.NewGuid().ToString("N")[..6]);
        await app.Store.CreateNoteAsync(here.Id, "kumquat here");
        await app.Store.CreateNoteAsync(there.Id, "kumquat there");
        await using var tab = await app.OpenAsync();
        await tab.SelectSpaceAsync(here.Name);

        await tab.Page.Keyboard.PressAsync("Control+m");
        await Expect(tab.Page.Locator(".scope")).ToContainTextAsync("Search notes in:");
        await tab.Page.Locator("#search-note-input").FillAsync("kumquat");

        await Expect(tab.Page.Locator(".results .result")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator(".results .result")).ToContainTextAsync("kumquat here");
    }

    [Fact]
    public async Task SpaceShortcuts_CreateRegenerateCycleCollapseDelete()
    {
        await using var tab = await app.OpenAsync();
        var page = tab.Page;
        var first = await tab.CreateSpaceAsync("Keys A " + Guid.NewGuid().ToString("N")[..6]);

        await page.Keyboard.PressAsync("Control+n");
        var form = page.GetByRole(AriaRole.Dialog, new() { Name = "Create space" });
        await Expect(form).ToBeVisibleAsync();
        await Expect(page.Locator("#space-name")).ToBeFocusedAsync();
        var avatar = form.Locator("img.avatar");
        var before = await avatar.GetAttributeAsync("src");
        await page.Keyboard.PressAsync("Control+r");
        await Expect(avatar).Not.ToHaveAttributeAsync("src", before!);
        await page.Keyboard.PressAsync("Escape");
        await Expect(form).ToBeHiddenAsync();

        var second = await tab.CreateSpaceAsync("Keys B " + Guid.NewGuid().ToString("N")[..6]);
        await page.Keyboard.PressAsync("Alt+1");
        await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(first);
        await page.Keyboard.PressAsync("Alt+2");
        await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(second);

        await page.Keyboard.PressAsync("Control+s");
        await Expect(page.Locator("nav.spaces")).ToHaveClassAsync(new Regex("minimized"));
        await page.Keyboard.PressAsync("Control+s");
        await Expect(page.Locator("nav.spaces")).Not.ToHaveClassAsync(new Regex("minimized"));

        await page.Keyboard.PressAsync("Control+e");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Update space" })).ToBeVisibleAsync();
        await page.Locator("#space-name").FillAsync(second + " edited");
        await page.Locator("#space-name").PressAsync("Enter");
        await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(second + " edited");

        await page.Keyboard.PressAsync("Control+Delete");
        var confirm = page.GetByRole(AriaRole.Alertdialog);
        await Expect(confirm).ToContainTextAsync($"Delete the space '{second} edited'? It has no notes.");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Delete space" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".space-header")).ToHaveCountAsync(0);
        await Expect(page.Locator("nav.spaces .space", new() { HasText = second })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task KeyBindingFromConfig_IsUsed()
    {
        var path = Path.Combine(app.DataDir, "configs", "config.toml");
        var original = await File.ReadAllTextAsync(path);
        try
        {
            await File.WriteAllTextAsync(path, original.Replace("create-space = \"Ctrl+n\"", "create-space = \"Alt+k\"", StringComparison.Ordinal));
            await using var tab = await app.OpenAsync("/settings");
            await Expect(tab.Page.Locator("tr", new() { HasText = "Create a space" }).Locator("kbd")).ToHaveTextAsync("Alt+k");

            await tab.GotoAsync("/");
            await tab.Page.Keyboard.PressAsync("Alt+k");
            await Expect(tab.Page.GetByRole(AriaRole.Dialog, new() { Name = "Create space" })).ToBeVisibleAsync();
        }
        finally
        {
            await File.WriteAllTextAsync(path, original);
            await using var check = await app.OpenAsync("/settings");
            await Expect(check.Page.Locator("tr", new() { HasText = "Create a space" }).Locator("kbd")).ToHaveTextAsync("Ctrl+n");
        }
    }
}
