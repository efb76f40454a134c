using Dataans.Core.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Settings names this device: the name other devices show in a note's history (18.8).</summary>
[Collection("ui")]
public sealed class DeviceNameSettingsTests(AppFixture app)
{
    [Fact]
    public async Task Settings_RenamesThisDevice_AndRefusesABlankName()
    {
        await using var extra = await ExtraApp.StartAsync();
        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        var section = tab.Page.GetByRole(AriaRole.Region, new() { Name = "This device" });
        var name = section.GetByLabel("Device name");
        await Expect(name).ToHaveValueAsync(DeviceRows.DefaultName());

        await name.FillAsync("Studio PC");
        await section.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();

        await Expect(tab.Toasts.Filter(new() { HasText = "This device is now 'Studio PC'." })).ToBeVisibleAsync();
        Assert.Equal("Studio PC", (await extra.Store.GetThisDeviceAsync()).Name);

        await name.FillAsync("   ");
        await section.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();

        await Expect(tab.Toasts.Filter(new() { HasText = "A device name needs at least one visible character." })).ToBeVisibleAsync();
        Assert.Equal("Studio PC", (await extra.Store.GetThisDeviceAsync()).Name);
    }
}
