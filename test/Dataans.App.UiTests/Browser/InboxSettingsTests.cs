using Dataans.App.Ui.Sync;
using Dataans.Core.Inbox;
using Dataans.Core.Sync;
using Dataans.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// Issue 16, item 2 in the app: Settings lists the account's capture links, creates one (its link shown
/// once, and it works: a capture sent with it is counted), and revokes one (it stops working at once).
/// </summary>
[Collection("ui")]
public sealed class InboxSettingsTests(AppFixture app)
{
    [Fact]
    public async Task CaptureLinks_CreatedListedAndRevokedFromSettings()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("settings-inbox");
        await using var extra = await ExtraApp.StartAsync();
        await extra.Server.Services.GetRequiredService<SyncController>().SignInAsync(server.BaseAddress, token, "a password", null);
        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        var page = tab.Page;
        await Expect(page.Locator("#inbox-no-links")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.Locator("#inbox-label").FillAsync("Phone");
        await page.Locator("#inbox-expires").SelectOptionAsync("7");
        await page.Locator("#inbox-create").ClickAsync();
        var shown = page.Locator("#inbox-new-link");
        await Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(server.BaseAddress.AbsoluteUri) + "capture/#t=dci_"), new() { Timeout = 30_000 });
        var row = page.Locator("#inbox-links tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").First).ToHaveTextAsync("Phone");
        await Expect(row.Locator("td").Nth(2)).Not.ToHaveTextAsync("never"); // expires in 7 days

        var link = (await shown.TextContentAsync())!;
        await CaptureSender.SendAsync(link, new CaptureContent("from the new link", DateTimeOffset.UtcNow, []));
        await page.ReloadAsync();
        await Expect(page.Locator("#inbox-links tbody tr td").Nth(4)).ToHaveTextAsync("1", new() { Timeout = 30_000 }); // one capture counted
        await Expect(page.Locator("#inbox-new-link")).ToHaveCountAsync(0); // the link is shown only once

        await page.Locator("#inbox-links tbody tr button.revoke").ClickAsync();
        await Expect(page.Locator("#inbox-no-links")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var refused = await Assert.ThrowsAsync<SyncException>(() => CaptureSender.SendAsync(link, new CaptureContent("after revoke", DateTimeOffset.UtcNow, [])));
        Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
    }
}
