using Dataans.Core.Avatars;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>A Markdown export points a note's inline images at the exported files (18.12), so any Markdown viewer shows them.</summary>
[Collection("ui")]
public sealed class MarkdownExportTests(AppFixture app)
{
    [Fact]
    public async Task PickedImage_IsReferencedByItsExportedCopy_InAMarkdownExport()
    {
        await using var extra = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.CreateSpaceAsync("Plans");
        var picture = Path.Combine(extra.DataDir, "site plan.png");
        var bytes = AvatarGenerator.Generate(Guid.NewGuid());
        await File.WriteAllBytesAsync(picture, bytes);
        await tab.Composer.FillAsync("Plan:");
        await tab.Page.Locator(".composer input[type=file]").SetInputFilesAsync(picture);
        await Expect(tab.Composer).ToHaveValueAsync("Plan:\n![](site%20plan.png)");
        await tab.Composer.PressAsync("Enter");
        await Expect(tab.Notes.Last.Locator(".markdown img")).ToHaveJSPropertyAsync("naturalWidth", 120);

        var output = Path.Combine(extra.DataDir, "exports");
        await tab.Page.GotoAsync("/settings");
        await tab.Page.Locator("#export-folder").FillAsync(output);
        await tab.Page.Locator("#export-format").SelectOptionAsync("md");
        await tab.Page.Locator("#export-layout").SelectOptionAsync("OneFile");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        await tab.ExpectToastAsync("Export finished.");

        var markdown = Directory.GetFiles(output, "*.md").Single();
        var text = await File.ReadAllTextAsync(markdown);
        var reference = System.Text.RegularExpressions.Regex.Match(text, @"Plan:\n!\[\]\((files/[0-9a-f-]{36}_site%20plan\.png)\)");
        Assert.True(reference.Success, text);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(output, Uri.UnescapeDataString(reference.Groups[1].Value))));
    }
}
