using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Shortcuts can be changed in Settings (18.11): the next keys pressed are recorded, taken ones are refused with a sentence, and the change is saved and used at once.</summary>
[Collection("ui")]
public sealed class KeyBindingSettingsTests(AppFixture app)
{
    [Fact]
    public async Task Shortcut_ChangedInSettings_IsSavedAndUsed_AndCanBePutBack()
    {
        await using var extra = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        var page = tab.Page;
        var row = page.Locator("tr[data-action='find-note']");

        await row.GetByRole(AriaRole.Button, new() { Name = "Change the keys of Search all notes" }).ClickAsync();
        var recorder = row.GetByRole(AriaRole.Textbox, new() { Name = "New keys for Search all notes" });
        await Expect(recorder).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+m");
        await Expect(page.Locator(".key-problem")).ToHaveTextAsync("Ctrl+m already does 'Search the selected space'. Press other keys, or Escape to cancel.");
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator(".key-problem")).ToContainTextAsync("j would fire while typing");
        await page.Keyboard.PressAsync("Control+j");

        await Expect(row.Locator("kbd")).ToHaveTextAsync("Ctrl+j");
        await Expect(page.Locator(".key-problem")).ToHaveCountAsync(0);
        var configPath = Path.Combine(extra.ConfigsDir, "config.toml");
        Assert.Contains("find-note = \"Ctrl+j\"", await File.ReadAllTextAsync(configPath), StringComparison.Ordinal);

        await tab.GotoAsync("/");
        await page.Keyboard.PressAsync("Control+j");
        await Expect(page.Locator("#search-note-input")).ToBeFocusedAsync();

        await tab.GotoAsync("/settings");
        await row.GetByRole(AriaRole.Button, new() { Name = "Put back Ctrl+f for Search all notes" }).ClickAsync();
        await Expect(row.Locator("kbd")).ToHaveTextAsync("Ctrl+f");
        Assert.Contains("find-note = \"Ctrl+f\"", await File.ReadAllTextAsync(configPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escape_CancelsRecording_AndKeepsTheShortcut()
    {
        await using var extra = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        var row = tab.Page.Locator("tr[data-action='create-space']");

        await row.GetByRole(AriaRole.Button, new() { Name = "Change the keys of Create a space" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Textbox)).ToBeFocusedAsync();
        await tab.Page.Keyboard.PressAsync("Escape");

        await Expect(row.Locator("kbd")).ToHaveTextAsync("Ctrl+n");
        await Expect(row.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        Assert.Contains("create-space = \"Ctrl+n\"", await File.ReadAllTextAsync(Path.Combine(extra.ConfigsDir, "config.toml")), StringComparison.Ordinal);
    }
}
