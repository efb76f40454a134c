using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// In a note's history each version names the device that wrote it (18.8): by its name when the operation
/// carries one, "another device" for operations that do not (the original's, older versions').
/// </summary>
[Collection("ui")]
public sealed class ConflictOriginTests(AppFixture app)
{
    [Fact]
    public async Task ConflictHistory_NamesTheDeviceThatWroteEachVersion()
    {
        await using var extra = await ExtraApp.StartAsync();
        await WriteConflictAsync(extra, new OperationDevice(Guid.NewGuid(), "Work desktop"));
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");

        var dialog = await OpenHistoryAsync(tab);

        await Expect(dialog.Locator(".version.current .badge.device")).ToHaveTextAsync("Work desktop");
        await Expect(dialog.Locator(".version.conflict .badge.device")).ToHaveTextAsync("Kitchen laptop (this device)");
        await Expect(dialog.Locator(".version.conflict .text")).ToHaveTextAsync("mine");
        await Expect(dialog.Locator(".conflict-note")).ToContainTextAsync("Kitchen laptop (this device) and Work desktop changed this note at the same time.");
    }

    [Fact]
    public async Task ConflictHistory_SaysAnotherDevice_ForAnOperationThatNamesNone()
    {
        await using var extra = await ExtraApp.StartAsync();
        await WriteConflictAsync(extra, device: null);
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");

        var dialog = await OpenHistoryAsync(tab);

        await Expect(dialog.Locator(".version.current .badge.device")).ToHaveTextAsync("another device");
        await Expect(dialog.Locator(".version.conflict .badge.device")).ToHaveTextAsync("Kitchen laptop (this device)");
        await Expect(dialog.Locator(".conflict-note")).ToContainTextAsync("Kitchen laptop (this device) and another device changed this note at the same time.");
    }

    /// <summary>"mine" written here on "Kitchen laptop", and a later concurrent "theirs" from <paramref name="device"/>, as sync applies it.</summary>
    private static async Task WriteConflictAsync(ExtraApp extra, OperationDevice? device)
    {
        await extra.Store.RenameThisDeviceAsync("Kitchen laptop");
        var space = await extra.Store.CreateSpaceAsync("Shared");
        var note = await extra.Store.CreateNoteAsync(space.Id, "first");
        var created = Assert.Single(await extra.Store.GetHistoryAsync(note.Id));
        await extra.Store.UpdateNoteAsync(note.Id, "mine");
        var later = new Timestamp(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000);
        var theirs = new NotePayload(note.Id, "theirs", note.CreatedAt, later, space.Id, false, [created.OperationId]);
        await extra.Store.ApplyAsync([new OperationRecord(Guid.NewGuid(), later, new UpdateNote(theirs)) { Device = device }]);
    }

    private static async Task<ILocator> OpenHistoryAsync(AppPage tab)
    {
        await tab.SelectSpaceAsync("Shared");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "This note has a conflicting edit: open its history" }).ClickAsync();
        var dialog = tab.Page.GetByRole(AriaRole.Dialog, new() { Name = "Note history" });
        await Expect(dialog.Locator(".version")).ToHaveCountAsync(3);
        return dialog;
    }
}
