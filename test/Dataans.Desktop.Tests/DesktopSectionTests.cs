using Bunit;
using Dataans.App.Components.Settings;
using Dataans.App.Desktop;
using Dataans.App.Ui.Config;
using Dataans.App.Ui.State;
using Dataans.Core.Storage;
using Dataans.Desktop.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.Desktop.Tests;

/// <summary>The settings page's Window section (bUnit over a real data folder and config file).</summary>
public sealed class DesktopSectionTests : BunitContext, IAsyncLifetime
{
    private readonly TestHome _home = new();
    private readonly DesktopStatus _status = new();
    private readonly string? _configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
    private DataansStore? _store;
    private ConfigService? _config;

    public async Task InitializeAsync()
    {
        // The autostart entry is looked for under XDG_CONFIG_HOME: the test's own (restored afterwards).
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _home.ConfigHome);
        _home.WriteConfig("app-toggle = \"CmdOrCtrl+Shift+D\"", "always-on-top = true", "drop-down = true", "drop-down-height = 0.4", "window-opacity = 0.9");
        var directory = new DataDirectory(_home.DataDir);
        _store = await DataansStore.OpenAsync(directory, TimeProvider.System);
        _config = new ConfigService(directory);
        Services.AddSingleton(_store);
        Services.AddSingleton(_config);
        Services.AddSingleton(_status);
        Services.AddScoped<ToastService>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _config?.Dispose();
        _store?.Dispose();
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _configHome);
        _home.Dispose();
    }

    [Fact]
    public void Section_ShowsTheWindowKeysInEffect_AndWarnsAboutUnknownOnes()
    {
        _status.InWindow = true;
        _status.TrayConnected = true;

        var section = Render<DesktopSection>();

        Assert.Equal("Dataans runs in its own window.", section.Find("#desktop-mode").TextContent);
        var rows = section.FindAll("tr").Select(row => $"{Words(row.QuerySelector("th")!.TextContent)} | {Words(row.QuerySelector("td")!.TextContent)}").ToList();
        Assert.Contains("Show / hide from any app | CmdOrCtrl+Shift+D app-toggle", rows);
        Assert.Contains("Always on top | yes always-on-top", rows);
        Assert.Contains("No title bar | no hide-window-decorations", rows);
        Assert.Contains("Drop-down | yes, 40% of the screen tall at the top of the screen drop-down drop-down-height", rows);
        Assert.Equal("in the tray: closing the window hides it", section.Find("#desktop-tray").TextContent);
        Assert.Equal(
            "config.toml: [app] has no setting named 'window-opacity'; it is ignored.",
            section.Find("#desktop-warnings li").TextContent);
        Assert.NotNull(section.Find("#desktop-edit-config"));
        Assert.NotNull(section.Find("#desktop-open-config-folder"));
    }

    [Fact]
    public void Section_FollowsTheWindowAsItChanges()
    {
        _status.InWindow = true;
        var section = Render<DesktopSection>();

        _status.GlobalKeyProblem = "CmdOrCtrl+Shift+D could not be grabbed: another application holds it.";
        _status.TrayConnected = false;

        section.WaitForAssertion(() =>
        {
            Assert.Equal("CmdOrCtrl+Shift+D could not be grabbed: another application holds it.", section.Find("#desktop-key-problem").TextContent);
            Assert.Equal("no tray: closing the window quits the app", section.Find("#desktop-tray").TextContent);
        });
    }

    [Fact]
    public void AutostartSwitch_ShowsTheEntryOnDisk_AndWritesOrRemovesIt()
    {
        DesktopEntries.SetAutostart(new DataDirectory(_home.DataDir), true);
        var autostart = Path.Combine(_home.ConfigHome, "autostart", "dataans.desktop");

        var section = Render<DesktopSection>();
        Assert.True(section.Find("#desktop-autostart").HasAttribute("checked"), "the switch shows the entry that exists");

        section.Find("#desktop-autostart").Change(false);
        Assert.False(File.Exists(autostart));

        section.Find("#desktop-autostart").Change(true);
        Assert.Contains("--hidden", File.ReadAllText(autostart), StringComparison.Ordinal);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void InTheBrowser_SaysWhyThereIsNoWindow()
    {
        _status.WindowProblem = "no display (DISPLAY and WAYLAND_DISPLAY are unset)";

        var section = Render<DesktopSection>();

        Assert.Equal("Dataans runs in the browser: no display (DISPLAY and WAYLAND_DISPLAY are unset).", section.Find("#desktop-mode").TextContent);
    }
}
