using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>In a conflict, the history names which side each version came from: this device or another one (18.8).</summary>
[Collection("ui")]
public sealed class ConflictOriginTests(AppFixture app)
{
    [Fact]
    public async Task ConflictHistory_SaysWhichDeviceWroteEachVersion()
    {
        await using var extra = await ExtraApp.StartAsync();
        var space = await extra.Store.CreateSpaceAsync("Shared");
        var note = await extra.Store.CreateNoteAsync(space.Id, "first");
        var created = Assert.Single(await extra.Store.GetHistoryAsync(note.Id));
        await extra.Store.UpdateNoteAsync(note.Id, "mine");
        var later = new Timestamp(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000);
        var theirs = new NotePayload(note.Id, "theirs", note.CreatedAt, later, space.Id, false, [created.OperationId]);
        await extra.Store.ApplyAsync([new OperationRecord(Guid.NewGuid(), later, new UpdateNote(theirs))]);

        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Shared");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "This note has a conflicting edit: open its history" }).ClickAsync();

        var dialog = tab.Page.GetByRole(AriaRole.Dialog, new() { Name = "Note history" });
        await Expect(dialog.Locator(".version")).ToHaveCountAsync(3);
        await Expect(dialog.Locator(".version.current .badge.device")).ToHaveTextAsync("another device");
        await Expect(dialog.Locator(".version.conflict .badge.device")).ToHaveTextAsync("this device");
        await Expect(dialog.Locator(".version.conflict .text")).ToHaveTextAsync("mine");
    }
}
