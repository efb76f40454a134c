using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary>
/// The real <c>dataans</c> opening its own GTK/WebKitGTK window on a private Xvfb display (no window
/// manager), looked at and driven from outside with xdotool, xprop, xwininfo and screenshots.
/// </summary>
public sealed class DesktopWindowTests(XvfbServer xvfb) : IClassFixture<XvfbServer>, IDisposable
{
    private readonly TestHome _home = new();
    private readonly X11 _x = new(xvfb.Display);

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task NoArguments_OpensItsWindowShowingTheUi()
    {
        _home.WriteConfig();
        var space = await _home.RunAsync("space", "add", "Work");
        Assert.Equal(0, space.ExitCode);
        await _home.RunAsync("note", "add", "--space", space.Stdout.Trim(), "Buy **oat milk** on the way home");
        await _home.RunAsync("note", "add", "--space", space.Stdout.Trim(), "- [x] ship the desktop app\n- [ ] write the release notes");

        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(app);
        Assert.Equal("127.0.0.1", (await app.AddressAsync()).Host);

        // The UI is painted inside the window and answers the mouse: a click on the space (first in the
        // panel) shows its notes in the theme's note colour (a click before the page is ready is lost: again).
        var shot = Path.Combine(_home.Root, "window.png");
        await Eventually.WaitAsync(
            async () =>
            {
                await _x.ClickAsync(window, 70, 79);
                await _x.ScreenshotAsync(window, shot);
                var colours = await X11.ColoursAsync(shot);
                return colours.GetValueOrDefault("#181A1F") > 10_000 && colours.GetValueOrDefault("#262A33") > 5_000;
            },
            "the UI with the space's notes to be painted in the window");
        Assert.DoesNotContain(app.Stderr, line => line.StartsWith("No desktop window", StringComparison.Ordinal));
        File.Copy(shot, Path.Combine(StoreCheck.RepositoryRoot(), "docs", "screenshots", "desktop-window.png"), overwrite: true);
    }

    [Fact]
    public async Task ToggleKey_F2_HidesAndShowsTheWindow()
    {
        _home.WriteConfig();
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        await _x.WaitForWindowAsync(app);

        await _x.KeyAsync("F2");
        await _x.WaitForHiddenAsync();
        Assert.False(app.Process.HasExited);

        await _x.KeyAsync("F2");
        await _x.WaitForWindowAsync(app);
    }

    [Fact]
    public async Task Close_WithNoTray_QuitsTheAppCleanly()
    {
        _home.WriteConfig();
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(app);

        _x.RequestClose(window);

        Assert.Equal(0, await app.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("ok", StoreCheck.IntegrityCheck(_home.DataDir));
        Assert.False(File.Exists(Path.Combine(_home.DataDir, "app.sock")), "the hand-over socket is removed on exit");
    }

    [Fact]
    public async Task WindowFlags_FromConfig_ReachTheWindow()
    {
        _home.WriteConfig("always-on-top = true", "hide-window-decorations = true", "hide-taskbar-icon = true", "app-toggle = \"CmdOrCtrl+Shift+D\"");
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(app);

        var properties = await _x.PropertiesAsync(window);
        Assert.Matches(@"_NET_WM_STATE\(ATOM\) = .*_NET_WM_STATE_ABOVE", properties);
        Assert.Matches(@"_NET_WM_STATE\(ATOM\) = .*_NET_WM_STATE_SKIP_TASKBAR", properties);
        Assert.Matches(@"_MOTIF_WM_HINTS\(_MOTIF_WM_HINTS\) = 0x2, 0x0, 0x0", properties); // decorations: none

        // The configured key, not F2, toggles the window.
        await _x.KeyAsync("F2");
        await _x.KeyAsync("ctrl+shift+d");
        await _x.WaitForHiddenAsync();
    }

    [Fact]
    public async Task DefaultFlags_LeaveAnOrdinaryWindow()
    {
        _home.WriteConfig();
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(app);

        var properties = await _x.PropertiesAsync(window);
        Assert.DoesNotContain("_NET_WM_STATE_ABOVE", properties, StringComparison.Ordinal);
        Assert.DoesNotContain("_NET_WM_STATE_SKIP_TASKBAR", properties, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"_MOTIF_WM_HINTS\(_MOTIF_WM_HINTS\) = 0x2, 0x0, 0x0", properties);
    }

    [Fact]
    public async Task DropDown_TakesTheFullWidthAtTheTopOfTheScreen()
    {
        _home.WriteConfig("drop-down = true", "drop-down-height = 0.4");
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(app);

        var expected = new WindowGeometry(0, 0, XvfbServer.Width, (int)Math.Round(XvfbServer.Height * 0.4));
        await Eventually.WaitAsync(async () => await _x.GeometryAsync(window) == expected, $"the window at {expected}");
        var properties = await _x.PropertiesAsync(window);
        Assert.Matches(@"_NET_WM_STATE\(ATOM\) = .*_NET_WM_STATE_ABOVE", properties);
        Assert.Matches(@"_NET_WM_STATE\(ATOM\) = .*_NET_WM_STATE_SKIP_TASKBAR", properties);

        // Hidden and shown again, it comes back in the same place.
        await _x.KeyAsync("F2");
        await _x.WaitForHiddenAsync();
        await _x.KeyAsync("F2");
        window = await _x.WaitForWindowAsync(app);
        Assert.Equal(expected, await _x.GeometryAsync(window));
    }

    [Fact]
    public async Task HideOnFocusLoss_HidesTheWindowWhenAnotherAppTakesTheFocus()
    {
        _home.WriteConfig("drop-down = true", "hide-on-focus-loss = true");
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(app);
        await Eventually.WaitAsync(async () => await _x.FocusedWindowAsync() == window, "the shown window to have the focus");

        var start = new System.Diagnostics.ProcessStartInfo("xmessage") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-title", "another-app", "-geometry", "+500+500", "another app" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DISPLAY"] = xvfb.Display;
        using var other = System.Diagnostics.Process.Start(start)!;
        try
        {
            var otherWindow = await Eventually.ValueAsync<object>(async () => await _x.WindowNamedAsync("another-app"), "the other app's window");
            await _x.FocusAsync((long)otherWindow);
            await _x.WaitForHiddenAsync();
            Assert.False(app.Process.HasExited);
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public async Task SecondLaunch_ShowsTheRunningWindowInsteadOfStartingAgain()
    {
        _home.WriteConfig();
        await using var first = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await _x.WaitForWindowAsync(first);
        var address = await first.AddressAsync();
        await _x.KeyAsync("F2");
        await _x.WaitForHiddenAsync();

        var second = await _home.RunAsync(_home.Environment(xvfb.Display));

        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"Dataans is already running at {address}; its window was brought to the front.", second.Stdout.Trim());
        Assert.Equal(window, await _x.WaitForWindowAsync(first));
        await Eventually.WaitAsync(async () => await _x.FocusedWindowAsync() == window, "the shown window to have the focus");

        // Any other second app on the folder is handed over too: --no-browser gets the running app's address.
        var headless = await _home.RunAsync(_home.Environment(xvfb.Display), "--no-browser");
        Assert.Equal(0, headless.ExitCode);
        Assert.StartsWith($"Dataans is already running at {address}", headless.Stdout.Trim(), StringComparison.Ordinal);
        Assert.False(first.Process.HasExited);
    }

    [Fact]
    public async Task WindowGeometry_IsRememberedAcrossRuns()
    {
        _home.WriteConfig();
        var expected = new WindowGeometry(120, 70, 900, 600);
        await using (var app = DataansApp.Start(_home.Environment(xvfb.Display)))
        {
            var window = await _x.WaitForWindowAsync(app);
            await _x.MoveAsync(window, expected.X, expected.Y);
            await _x.ResizeAsync(window, expected.Width, expected.Height);
            await Eventually.WaitAsync(async () => await _x.GeometryAsync(window) == expected, $"the window at {expected}");
            _x.RequestClose(window);
            Assert.Equal(0, await app.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        }

        await using var again = DataansApp.Start(_home.Environment(xvfb.Display));
        var reopened = await _x.WaitForWindowAsync(again);
        await Eventually.WaitAsync(async () => await _x.GeometryAsync(reopened) == expected, $"the reopened window at {expected}");
    }
}
