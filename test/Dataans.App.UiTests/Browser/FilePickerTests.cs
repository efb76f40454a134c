using Dataans.Core.Avatars;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// Each picker button opens the browser's file chooser in the click itself (no round trip through the
/// Blazor connection first, which WebKitGTK would refuse as too late after the gesture), and what is
/// chosen there arrives.
/// </summary>
[Collection("ui")]
public sealed class FilePickerTests(AppFixture app)
{
    [Fact]
    public async Task Paperclip_OpensTheFileChooser_AndAttachesTheChosenFile()
    {
        var space = await app.Store.CreateSpaceAsync("Chooser " + Guid.NewGuid().ToString("N")[..6]);
        await using var tab = await app.OpenAsync();
        await tab.SelectSpaceAsync(space.Name);

        var chooser = await tab.Page.RunAndWaitForFileChooserAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Attach files" }).ClickAsync());

        Assert.True(chooser.IsMultiple);
        await chooser.SetFilesAsync(new FilePayload { Name = "chosen.txt", MimeType = "text/plain", Buffer = "chosen"u8.ToArray() });
        await Expect(tab.Page.Locator(".composer .chip")).ToContainTextAsync("chosen.txt");
    }

    [Fact]
    public async Task CameraInTheSpaceForm_OpensTheFileChooser_ForAnImage()
    {
        await using var tab = await app.OpenAsync();
        var png = AvatarGenerator.Generate(Guid.NewGuid());
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add a new space" }).ClickAsync();
        var form = tab.Page.GetByRole(AriaRole.Dialog, new() { Name = "Create space" });

        var chooser = await tab.Page.RunAndWaitForFileChooserAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Pick custom image" }).ClickAsync());

        Assert.False(chooser.IsMultiple);
        await chooser.SetFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = png });
        await Expect(form.Locator("img.avatar")).ToHaveAttributeAsync("src", "data:image/png;base64," + Convert.ToBase64String(png));
    }

    [Fact]
    public async Task ImportInSettings_OpensTheFileChooser()
    {
        await using var tab = await app.OpenAsync("/settings");

        var chooser = await tab.Page.RunAndWaitForFileChooserAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Import…" }).ClickAsync());

        Assert.Equal("json", (await chooser.Element.GetAttributeAsync("accept"))?.Split(',')[0].TrimStart('.'));
    }
}
