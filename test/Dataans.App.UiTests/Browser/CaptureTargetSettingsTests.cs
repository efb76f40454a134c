using Dataans.App.Ui.Sync;
using Dataans.Core.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// Issue 16 in the app: Settings → Capture links → "Captures go to" offers the spaces (Inbox by
/// default), stores the choice for the account (the server's sealed inbox settings, read back through
/// Core) and shows it again after a reload.
/// </summary>
[Collection("ui")]
public sealed class CaptureTargetSettingsTests(AppFixture app)
{
    [Fact]
    public async Task SpaceChosenInSettings_IsTheAccountsCaptureTarget_AndShownAgainAfterReload()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("settings-target");
        await using var extra = await ExtraApp.StartAsync();
        await extra.Server.Services.GetRequiredService<SyncController>().SignInAsync(server.BaseAddress, token, "a password", null);
        var groceries = await extra.Store.CreateSpaceAsync("Groceries");
        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        var page = tab.Page;
        var choice = page.Locator("#inbox-target");
        await Expect(choice).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Expect(choice).ToHaveValueAsync(string.Empty); // the Inbox space by default

        await choice.SelectOptionAsync(new SelectOptionValue { Label = "Groceries" });

        await Eventually.WaitAsync(
            async () => (await CaptureTarget.GetAsync(extra.Store, CancellationToken.None)).SpaceId == groceries.Id,
            "the account's capture target to be Groceries");
        await page.ReloadAsync();
        await Expect(page.Locator("#inbox-target")).ToHaveValueAsync(groceries.Id.ToString(), new() { Timeout = 30_000 });
    }
}
