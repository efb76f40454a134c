using Dataans.Core.Avatars;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Attaching by picker references images in the text (18.7); files can be added while editing (13.4).</summary>
[Collection("ui")]
public sealed class AttachmentEditingTests(AppFixture app)
{
    [Fact]
    public async Task PickedImageWithSpacesInItsName_IsReferencedInTheText_AndShownSized()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Pick " + Guid.NewGuid().ToString("N")[..6]);
        var file = Path.Combine(app.DataDir, "site plan.png");
        await File.WriteAllBytesAsync(file, AvatarGenerator.Generate(Guid.NewGuid()));

        await tab.Composer.FillAsync("Plan:");
        await tab.Page.Locator(".composer input[type=file]").SetInputFilesAsync(file);
        await Expect(tab.Composer).ToHaveValueAsync("Plan:\n![](site%20plan.png)");
        await tab.Composer.FillAsync("Plan:\n![=40x](site%20plan.png)");
        await tab.Composer.PressAsync("Enter");

        var image = tab.Notes.Last.Locator(".markdown img");
        await Expect(image).ToHaveAttributeAsync("style", "width: 40px");
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 120);
    }

    [Fact]
    public async Task FileAddedWhileEditing_IsAttachedOnSave()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Edit files " + Guid.NewGuid().ToString("N")[..6]);
        var note = await tab.SendNoteAsync("Minutes");
        var picture = Path.Combine(app.DataDir, "board.png");
        var pdf = Path.Combine(app.DataDir, "minutes.pdf");
        await File.WriteAllBytesAsync(picture, AvatarGenerator.Generate(Guid.NewGuid()));
        await File.WriteAllTextAsync(pdf, "%PDF-1.4");

        await note.HoverAsync();
        await note.GetByRole(AriaRole.Button, new() { Name = "Edit note" }).ClickAsync();
        var editor = note.Locator(".editor textarea");
        await Expect(editor).ToBeFocusedAsync();
        await note.Locator(".editor input[type=file]").SetInputFilesAsync(new[] { picture, pdf });
        await Expect(note.Locator(".editor .added .chip")).ToHaveCountAsync(2);
        await Expect(editor).ToHaveValueAsync("Minutes\n![](board.png)");
        await editor.PressAsync("Enter");

        await Expect(note.Locator(".editor")).ToHaveCountAsync(0);
        await Expect(note.Locator(".chips .chip")).ToHaveCountAsync(2);
        await Expect(note.Locator(".chips .chip").Nth(1)).ToContainTextAsync("minutes.pdf");
        await Expect(note.Locator(".markdown img")).ToHaveJSPropertyAsync("naturalWidth", 120);
    }
}
