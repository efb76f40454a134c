using System.Text.RegularExpressions;
using Dataans.Core.Avatars;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

[Collection("ui")]
public sealed class SettingsTests(AppFixture app)
{
    private const string OriginalBackup = """
        {"version":"V1","data":[{"space":{"id":"5b0e8a7e-2f4c-4c1e-9a51-3f0d9a1c2b7d","name":"Imported trip",
        "created_at":[2025,42,14,5,9,123456789,2,0,0],"updated_at":"2025-02-11T08:00:00Z",
        "avatar":{"id":"2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f","path":"/public/default_space_avatar.png"}},
        "notes":[{"id":"0c9e8d7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f","text":"Train to **Kyoto** at 9:10",
        "created_at":"2025-02-12T09:15:00.5+01:00","updated_at":"2025-02-12T09:15:00.5+01:00",
        "space_id":"5b0e8a7e-2f4c-4c1e-9a51-3f0d9a1c2b7d","files":[]}]}]}
        """;

    [Fact]
    public async Task SettingsPage_ShowsVersionPathsAndSyncPlaceholder()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Settings and app info" }).ClickAsync();

        var settings = tab.Page.Locator(".settings");
        await Expect(settings.Locator(".version")).ToHaveTextAsync(new Regex(@"^version \d+\.\d+\.\d+"));
        await Expect(settings.Locator("tr", new() { HasText = "Data folder" })).ToContainTextAsync(app.DataDir);
        await Expect(settings.Locator("tr", new() { HasText = "Config file" })).ToContainTextAsync(Path.Combine(app.DataDir, "configs", "config.toml"));
        await Expect(settings.Locator("table.keys tbody tr")).ToHaveCountAsync(14);
        await Expect(tab.Page.GetByRole(AriaRole.Region, new() { Name = "Sync" })).ToContainTextAsync("Sync is not set up");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the notes" }).ClickAsync();
        await Expect(tab.Page.Locator("nav.spaces")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ExportAndImport_FromTheSettingsPage()
    {
        var output = Path.Combine(app.DataDir, "exports-" + Guid.NewGuid().ToString("N")[..6]);
        var space = await app.Store.CreateSpaceAsync("Exported " + Guid.NewGuid().ToString("N")[..6]);
        await app.Store.CreateNoteAsync(space.Id, "exported note");
        await using var tab = await app.OpenAsync("/settings");
        var page = tab.Page;

        await page.Locator("#export-folder").FillAsync(output);
        await page.Locator("#export-format").SelectOptionAsync("md");
        await page.Locator("#export-layout").SelectOptionAsync("PerNote");
        await page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        await tab.ExpectToastAsync("Export finished.");
        await Expect(page.Locator(".result code")).ToContainTextAsync(output);
        Assert.Contains(Directory.EnumerateFiles(output, "*.md", SearchOption.AllDirectories), file => File.ReadAllText(file).Contains("exported note", StringComparison.Ordinal));

        await page.Locator("#export-format").SelectOptionAsync("json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        await Expect(page.Locator(".result code")).ToHaveTextAsync(new Regex(@"\.json$"));

        await page.Locator("input[type=file][accept*=json]").SetInputFilesAsync(new FilePayload
        {
            Name = "dataans-backup.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes(OriginalBackup),
        });
        await tab.ExpectToastAsync(new Regex("^Import successful! 1 spaces and 1 notes imported"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the notes" }).ClickAsync();
        await tab.SelectSpaceAsync("Imported trip");
        await Expect(tab.Notes.Locator(".markdown strong")).ToHaveTextAsync("Kyoto");
    }

    [Fact]
    public async Task Pickers_AttachFilesAndSetACustomAvatar()
    {
        await using var tab = await app.OpenAsync();
        var page = tab.Page;
        var png = AvatarGenerator.Generate(Guid.NewGuid());

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a new space" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Dialog, new() { Name = "Create space" });
        await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = png });
        await Expect(form.Locator("img.avatar")).ToHaveAttributeAsync("src", "data:image/png;base64," + Convert.ToBase64String(png));
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await tab.ExpectToastAsync("Could not create the space: A space needs a name.");
        var name = "Picked " + Guid.NewGuid().ToString("N")[..6];
        await page.Locator("#space-name").FillAsync(name);
        await page.Locator("#space-name").PressAsync("Enter");
        await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(name);
        var avatar = page.Locator(".space-header img.avatar");
        await Expect(avatar).ToHaveJSPropertyAsync("complete", true);
        Assert.Equal(120, await avatar.EvaluateAsync<int>("img => img.naturalWidth"));

        await page.Locator(".composer input[type=file]").SetInputFilesAsync(
        [
            new FilePayload { Name = "a.txt", MimeType = "text/plain", Buffer = "first"u8.ToArray() },
            new FilePayload { Name = "b.txt", MimeType = "text/plain", Buffer = "second"u8.ToArray() },
        ]);
        await Expect(page.Locator(".composer .chip")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove a.txt" }).ClickAsync();
        await Expect(page.Locator(".composer .chip")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create note" }).ClickAsync();
        await Expect(tab.Notes.Last.Locator(".chip a")).ToHaveTextAsync("b.txt");
    }
}
