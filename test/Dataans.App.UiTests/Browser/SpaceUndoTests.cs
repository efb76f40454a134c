using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// A space deletion can be undone for a while (18.9), and a space deleted elsewhere while open is announced,
/// can be restored, and keeps the unsent draft (it comes back with the space, and can be copied).
/// </summary>
[Collection("ui")]
public sealed class SpaceUndoTests(AppFixture app)
{
    [Fact]
    public async Task DeletedSpace_CanBeUndone_WithItsNotes()
    {
        await using var extra = await ExtraApp.StartAsync();
        var space = await extra.Store.CreateSpaceAsync("Trip");
        for (var i = 0; i < 30; i++)
        {
            await extra.Store.CreateNoteAsync(space.Id, $"trip note {i}");
        }

        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Trip");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await tab.Page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await Expect(tab.Page.Locator("nav.spaces .space", new() { HasText = "Trip" })).ToHaveCountAsync(0);
        var toast = tab.Toasts.Filter(new() { HasText = "Deleted the space 'Trip'." });

        await toast.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(tab.Page.Locator(".space-header h1")).ToHaveTextAsync("Trip");
        await Expect(tab.Page.Locator(".space-header .count")).ToHaveTextAsync("30 notes");
        await Expect(tab.Notes.Last).ToContainTextAsync("trip note 29");
        Assert.Equal(30, await extra.Store.CountNotesAsync(space.Id));
    }

    [Fact]
    public async Task SpaceDeletedElsewhere_IsAnnounced_AndRestoringItBringsTheDraftBack()
    {
        await using var extra = await ExtraApp.StartAsync();
        var space = await extra.Store.CreateSpaceAsync("Shared");
        await extra.Store.CreateNoteAsync(space.Id, "an old note");
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Shared");
        await tab.Composer.FillAsync("half a thought I have not sent");

        var (code, _, stderr) = await FirstHourTests.RunCliAsync(extra.DataDir, "space", "delete", space.Id.ToString());
        Assert.True(code == 0, stderr);

        var toast = tab.Toasts.Filter(new() { HasText = "The space 'Shared' was deleted on another device or by another program." });
        await Expect(toast).ToContainTextAsync("Your unsent draft is kept");
        await Expect(tab.Page.Locator(".space-header")).ToHaveCountAsync(0);
        await toast.GetByRole(AriaRole.Button, new() { Name = "Copy the draft" }).ClickAsync();
        // The copy goes through the server-side component and back to the page: wait for it to arrive.
        await Eventually.TrueAsync(
            async () => await tab.Page.EvaluateAsync<string>("navigator.clipboard.readText()") == "half a thought I have not sent",
            "the draft on the clipboard");

        await toast.GetByRole(AriaRole.Button, new() { Name = "Restore it" }).ClickAsync();

        await Expect(tab.Page.Locator(".space-header h1")).ToHaveTextAsync("Shared");
        await Expect(tab.Composer).ToHaveValueAsync("half a thought I have not sent");
        await Expect(tab.Notes).ToHaveCountAsync(1);
    }
}
