using System.Text.RegularExpressions;
using Dataans.Core.Avatars;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

[Collection("ui")]
public sealed class NotesTests(AppFixture app)
{
    [Fact]
    public async Task Note_WithListAndCode_IsRenderedWithHighlighting()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Rendering " + Guid.NewGuid().ToString("N")[..6]);

        var note = await tab.SendNoteAsync("Shopping:\n- milk\n- bread\n\n```csharp\nvar total = 42; // the answer\n```");

        await Expect(note.Locator(".markdown ul > li")).ToHaveTextAsync(["milk", "bread"]);
        await Expect(note.Locator(".code-block .code-lang")).ToHaveTextAsync("csharp");
        await Expect(note.Locator(".code-block .hl .keyword").First).ToHaveTextAsync("var");
        await Expect(note.Locator(".code-block .hl .comment")).ToContainTextAsync("the answer");
        await Expect(note.Locator("time")).ToHaveTextAsync(new Regex(@"^\d\d:\d\d:\d\d \d\d/[A-Z][a-z]+/\d{4}$"));

        await note.HoverAsync();
        await note.Locator(".copy-code").ClickAsync();
        await tab.ExpectToastAsync("Copied!");
        Assert.Equal("var total = 42; // the answer", (await tab.Page.EvaluateAsync<string>("navigator.clipboard.readText()")).Trim());
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Composer_ShiftEnter_ContinuesAndRenumbersTheList()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Lists " + Guid.NewGuid().ToString("N")[..6]);

        await tab.Composer.FillAsync("1. first\n2. third");
        await tab.Composer.EvaluateAsync("el => el.setSelectionRange(8, 8)");
        await tab.Composer.PressAsync("Shift+Enter");
        await tab.Page.Keyboard.TypeAsync("second");
        await Expect(tab.Composer).ToHaveValueAsync("1. first\n2. second\n3. third");

        await tab.Composer.PressAsync("Control+a");
        await tab.Composer.PressAsync("Control+b");
        await Expect(tab.Composer).ToHaveValueAsync("**1. first\n2. second\n3. third**");
        await tab.Composer.FillAsync("``");
        await tab.Composer.PressAsync("`");
        await Expect(tab.Composer).ToHaveValueAsync("```\n```");

        var note = await tab.SendNoteAsync("1. first\n2. second");
        await Expect(note.Locator(".markdown ol > li")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task PastedImage_IsAttachedAndShownInline()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Paste " + Guid.NewGuid().ToString("N")[..6]);
        var png = Convert.ToBase64String(AvatarGenerator.Generate(Guid.NewGuid()));

        await tab.Composer.FocusAsync();
        await tab.Page.EvaluateAsync(
            """
            (b64) => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
              document.querySelector('textarea[aria-label="New note"]')
                .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            png);

        await Expect(tab.Page.Locator(".composer .chip")).ToContainTextAsync("pasted-");
        await Expect(tab.Composer).ToHaveValueAsync(new Regex(@"^!\[\]\(pasted-\d{14}-\w+\.png\)$"));
        await tab.Composer.PressAsync("Enter");

        var image = tab.Notes.Last.Locator(".markdown img");
        await Expect(image).ToHaveAttributeAsync("src", new Regex("^/files/"));
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        await Expect(tab.Notes.Last.Locator(".chip a")).ToContainTextAsync("pasted-");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task FileDraggedOutsideTheNotes_ShowsNoDrop_AndADropThereIsRefusedWithAMessage()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Stray drop " + Guid.NewGuid().ToString("N")[..6]);
        await Expect(tab.Page.Locator(".composer textarea[data-editor-ready]")).ToHaveCountAsync(1);

        // A file over the spaces list: without the page's say the browser would open the file in place of the app.
        var outcome = await tab.Page.EvaluateAsync<string[]>(
            """
            () => {
              const data = new DataTransfer();
              data.items.add(new File(['numbers'], 'report.txt', { type: 'text/plain' }));
              const list = document.querySelector('nav.spaces');
              const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
              list.dispatchEvent(over);
              const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
              list.dispatchEvent(drop);
              return [String(over.defaultPrevented), data.dropEffect, String(drop.defaultPrevented)];
            }
            """);

        Assert.Equal(["true", "none", "true"], outcome);
        await tab.ExpectToastAsync("Files attach to a note when dropped over the notes of an open space.");
        await Expect(tab.Page.Locator(".composer .chip")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task DroppedFile_IsAttachedAndDownloadsAsAttachment()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Drop " + Guid.NewGuid().ToString("N")[..6]);

        await DropFileAsync(tab.Page, "report.txt", "quarterly numbers");
        await Expect(tab.Page.Locator(".composer .chip")).ToContainTextAsync("report.txt");
        var note = await tab.SendNoteAsync("The report");

        var link = note.Locator(".chip a");
        await Expect(link).ToHaveTextAsync("report.txt");
        await Expect(note.Locator(".chip .status")).ToHaveAttributeAsync("aria-label", "On this device, not uploaded yet");
        var response = await tab.Page.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        Assert.Equal(200, response.Status);
        Assert.Equal("quarterly numbers", await response.TextAsync());
        Assert.StartsWith("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
    }

    [Fact]
    public async Task EditedNote_ShowsHistoryAndRestoresAnOlderVersion()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("History " + Guid.NewGuid().ToString("N")[..6]);
        var note = await tab.SendNoteAsync("first version");

        await note.HoverAsync();
        await note.GetByRole(AriaRole.Button, new() { Name = "Edit note" }).ClickAsync();
        var editor = note.GetByRole(AriaRole.Textbox, new() { Name = "Note text" });
        await Expect(editor).ToBeFocusedAsync();
        await editor.FillAsync("second version");
        await editor.PressAsync("Enter");
        await Expect(note.Locator(".markdown")).ToHaveTextAsync("second version");
        await Expect(note.Locator(".edited")).ToBeVisibleAsync();

        await note.HoverAsync();
        await note.GetByRole(AriaRole.Button, new() { Name = "Note history" }).ClickAsync();
        var dialog = tab.Page.GetByRole(AriaRole.Dialog, new() { Name = "Note history" });
        await Expect(dialog.Locator(".version")).ToHaveCountAsync(2);
        await Expect(dialog.Locator(".version.current .text")).ToHaveTextAsync("second version");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Restore the version") }).ClickAsync();
        await tab.ExpectToastAsync("Restored.");
        await Expect(dialog.Locator(".version")).ToHaveCountAsync(3);
        await tab.Page.Keyboard.PressAsync("Escape");

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(note.Locator(".markdown")).ToHaveTextAsync("first version");

        await note.HoverAsync();
        await note.GetByRole(AriaRole.Button, new() { Name = "Edit note" }).ClickAsync();
        await note.GetByRole(AriaRole.Textbox, new() { Name = "Note text" }).FillAsync("thrown away");
        await note.GetByRole(AriaRole.Textbox, new() { Name = "Note text" }).PressAsync("Escape");
        await Expect(note.Locator(".markdown")).ToHaveTextAsync("first version");
    }

    [Fact]
    public async Task Note_CopyAndDelete_AskFirst()
    {
        await using var tab = await app.OpenAsync();
        await tab.CreateSpaceAsync("Delete " + Guid.NewGuid().ToString("N")[..6]);
        var note = await tab.SendNoteAsync("to be **copied**");

        await note.HoverAsync();
        await note.GetByRole(AriaRole.Button, new() { Name = "Copy note" }).ClickAsync();
        await tab.ExpectToastAsync("Copied!");
        Assert.Equal("to be **copied**", await tab.Page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        await note.GetByRole(AriaRole.Button, new() { Name = "Delete note" }).ClickAsync();
        var confirm = tab.Page.GetByRole(AriaRole.Alertdialog);
        await Expect(confirm).ToContainTextAsync("Confirm note deletion.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(tab.Notes).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Draft_SurvivesAReload()
    {
        var space = await app.Store.CreateSpaceAsync("Draft " + Guid.NewGuid().ToString("N")[..6]);
        await using var tab = await app.OpenAsync();
        await tab.SelectSpaceAsync(space.Name);
        await tab.Composer.FillAsync("half-written thought");

        await tab.Page.ReloadAsync();
        await tab.SelectSpaceAsync(space.Name);

        await Expect(tab.Composer).ToHaveValueAsync("half-written thought");
    }

    [Fact]
    public async Task ChangesFromElsewhere_AppearWithoutReload()
    {
        var space = await app.Store.CreateSpaceAsync("Live " + Guid.NewGuid().ToString("N")[..6]);
        await using var tab = await app.OpenAsync();
        await tab.SelectSpaceAsync(space.Name);

        var note = await app.Store.CreateNoteAsync(space.Id, "written by another process");
        await Expect(tab.Notes.Filter(new() { HasText = "written by another process" })).ToHaveCountAsync(1);

        await app.Store.UpdateNoteAsync(note.Id, "changed by sync");
        await Expect(tab.Notes.Locator(".markdown")).ToHaveTextAsync(["changed by sync"]);
        await app.Store.RenameSpaceAsync(space.Id, space.Name + " renamed");
        await Expect(tab.Page.Locator(".space-header h1")).ToHaveTextAsync(space.Name + " renamed");
        await app.Store.DeleteNoteAsync(note.Id);
        await Expect(tab.Notes).ToHaveCountAsync(0);
    }

    internal static Task DropFileAsync(IPage page, string name, string content) => DropFilesAsync(page, [(name, content)]);

    /// <summary>
    /// Drops text files over the notes, as a hand would, once the shown space's composer takes drops (its editor is
    /// attached a few round trips after the space opens; a drop before that reaches nobody).
    /// </summary>
    internal static async Task DropFilesAsync(IPage page, IReadOnlyList<(string Name, string Content)> files)
    {
        await Expect(page.Locator(".composer textarea[data-editor-ready]")).ToHaveCountAsync(1);
        await page.EvaluateAsync(
            """
            (files) => {
              const data = new DataTransfer();
              files.forEach(([name, content]) => data.items.add(new File([content], name, { type: 'text/plain' })));
              const zone = document.querySelector('[data-drop-zone]');
              zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
              zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
            }
            """,
            files.Select(file => new[] { file.Name, file.Content }).ToArray());
    }
}
