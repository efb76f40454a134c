using System.Text.RegularExpressions;
using Dataans.App.Ui.Sync;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Sync from the main window (issues 13.4 and 18.8): state where the user writes and a sync-now button.</summary>
[Collection("ui")]
public sealed class MainWindowSyncTests(AppFixture app)
{
    [Fact]
    public async Task SyncBadge_ShowsWaitingSyncedAndOffline_AndItsButtonSyncs()
    {
        var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("badge");
        await using var extra = await ExtraApp.StartAsync();
        var space = await extra.Store.CreateSpaceAsync("Inbox");
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Inbox");
        await Expect(tab.Page.Locator(".sync-badge")).ToHaveCountAsync(0);

        await extra.Server.Services.GetRequiredService<SyncController>().SignInAsync(server.BaseAddress, token, "a password", null);
        await tab.SendNoteAsync("waits for the server");
        var badge = tab.Page.Locator("#sync-badge-text");
        await Expect(badge).ToHaveTextAsync(new Regex(@"^\d+ changes? waiting$"));

        await tab.Page.Locator("#sync-now-main").ClickAsync();
        await Expect(badge).ToHaveTextAsync(new Regex(@"^Synced \d\d:\d\d:\d\d$"), new() { Timeout = 30_000 });

        await server.DisposeAsync();
        await extra.Store.CreateNoteAsync(space.Id, "written while the server is down");
        await Expect(badge).ToHaveTextAsync(new Regex(@"^\d+ changes? waiting$"));
        await tab.Page.Locator("#sync-now-main").ClickAsync();
        await Expect(badge).ToHaveTextAsync(new Regex(@"^Offline · \d+ changes? waiting$"), new() { Timeout = 30_000 });
        await Expect(tab.Page.Locator(".sync-badge")).ToHaveAttributeAsync("title", new Regex("cannot be reached"));
    }
}
