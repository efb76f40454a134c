using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// More screens a person checks by eye (docs/screenshots/, or DATAANS_SCREENSHOTS_DIR): the Undo of a space
/// deletion, a shortcut being changed in Settings with a refused key, and a conflict's history naming its sides.
/// </summary>
[Collection("ui")]
public sealed class ScreenshotScenesMoreTests(AppFixture app)
{
    [Fact]
    public async Task UndoShortcutAndConflictScreens_AreCaptured()
    {
        var folder = ScreenshotScenesTests.Folder();
        await using var extra = await ExtraApp.StartAsync();
        await extra.Store.RenameThisDeviceAsync("Olena's laptop");
        var trip = await extra.Store.CreateSpaceAsync("Trip");
        await extra.Store.CreateNoteAsync(trip.Id, "tickets");
        var shared = await extra.Store.CreateSpaceAsync("Shared");
        var note = await extra.Store.CreateNoteAsync(shared.Id, "Meet at 10");
        var created = Assert.Single(await extra.Store.GetHistoryAsync(note.Id));
        await extra.Store.UpdateNoteAsync(note.Id, "Meet at 10:30 in the lobby");
        var later = new Timestamp(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000);
        var theirs = new NotePayload(note.Id, "Meet at 11 at the cafe", note.CreatedAt, later, shared.Id, false, [created.OperationId]);
        await extra.Store.ApplyAsync([new OperationRecord(Guid.NewGuid(), later, new UpdateNote(theirs)) { Device = new OperationDevice(Guid.NewGuid(), "Work desktop") }]);
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        var page = tab.Page;

        await tab.SelectSpaceAsync("Trip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await Expect(tab.Toasts.Filter(new() { HasText = "Deleted the space 'Trip'." }).GetByRole(AriaRole.Button, new() { Name = "Undo" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "space-undo-dark.png") });

        await tab.SelectSpaceAsync("Shared");
        await page.GetByRole(AriaRole.Button, new() { Name = "This note has a conflicting edit: open its history" }).ClickAsync();
        await Expect(page.Locator(".history .badge.device")).ToHaveCountAsync(3);
        await Expect(page.Locator(".history .version.current .badge.device")).ToHaveTextAsync("Work desktop");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "conflict-devices-dark.png") });
        await page.Keyboard.PressAsync("Escape");

        await tab.GotoAsync("/settings");
        var row = page.Locator("tr[data-action='find-note']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Change the keys of Search all notes" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Textbox)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+m");
        await Expect(page.Locator(".key-problem")).ToBeVisibleAsync();
        await page.Locator("#keys-heading").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "keys-change-dark.png") });
    }
}
