using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary>
/// The tray: a StatusNotifierWatcher owned by the test on a private session bus (dbus-daemon), the real
/// app registering its item there, and the item's menu driven over D-Bus as a panel would.
/// </summary>
public sealed class TrayTests(XvfbServer xvfb) : IClassFixture<XvfbServer>, IDisposable
{
    private const string ItemPath = "/org/ayatana/NotificationItem/dataans";

    private readonly TestHome _home = new();
    private readonly X11 _x = new(xvfb.Display);

    public void Dispose() => _home.Dispose();

    /// <summary>Waits for the app's item to register; a timeout says what did register and whether the app still runs.</summary>
    private static async Task WaitForTrayItemAsync(StatusNotifierWatcher tray, DataansApp app)
    {
        try
        {
            await Eventually.WaitAsync(() => Task.FromResult(tray.RegisteredItems.Contains(ItemPath)), "the app's tray item to register with the watcher");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(
                $"{timeout.Message} (registered: [{string.Join(", ", tray.RegisteredItems)}]; the app {(app.Process.HasExited ? $"exited with {app.Process.ExitCode}" : "still runs")})\n{app.Output}",
                timeout);
        }
    }

    [Fact]
    public async Task WithATray_CloseHidesTheWindow_AndToggleBringsItBack()
    {
        await using var bus = await SessionBus.StartAsync(Path.Combine(_home.Root, "bus"));
        await using var tray = await StatusNotifierWatcher.StartAsync(bus.Address);
        _home.WriteConfig();
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display, bus.Address));
        var window = await _x.WaitForWindowAsync(app);
        await WaitForTrayItemAsync(tray, app);

        _x.RequestClose(window);
        await _x.WaitForHiddenAsync();
        Assert.False(app.Process.HasExited, "closing hides the window to the tray; the app keeps running");

        await tray.ClickMenuItemAsync(app.Process.Id, ItemPath, "Toggle");
        await _x.WaitForWindowAsync(app);
    }

    [Fact]
    public async Task TrayQuit_EndsTheAppCleanly_KeepingWhatWasJustWritten()
    {
        await using var bus = await SessionBus.StartAsync(Path.Combine(_home.Root, "bus"));
        await using var tray = await StatusNotifierWatcher.StartAsync(bus.Address);
        _home.WriteConfig();
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display, bus.Address));
        await _x.WaitForWindowAsync(app);
        await WaitForTrayItemAsync(tray, app);

        // Write through the window with the keyboard: Ctrl+N creates a space, then the composer takes a note.
        // Keys sent before the page is interactive are lost: try again after a while.
        for (var attempt = 1; await SpaceCountAsync() == 0; attempt++)
        {
            await _x.KeyAsync("ctrl+n");
            await _x.TypeAsync("Inbox");
            await _x.KeyAsync("Return");
            try
            {
                await Eventually.WaitAsync(async () => await SpaceCountAsync() > 0, "a space created in the window", TimeSpan.FromSeconds(attempt < 6 ? 10 : 60));
            }
            catch (TimeoutException) when (attempt < 6)
            {
                await _x.KeyAsync("Escape");
            }
        }

        for (var attempt = 1; await NoteCountAsync() == 0; attempt++)
        {
            await _x.TypeAsync("written just before quitting");
            await _x.KeyAsync("Return");
            try
            {
                await Eventually.WaitAsync(async () => await NoteCountAsync() > 0, "the note to reach the store", TimeSpan.FromSeconds(attempt < 6 ? 10 : 60));
            }
            catch (TimeoutException) when (attempt < 6)
            {
                await _x.KeyAsync("ctrl+a");
                await _x.KeyAsync("BackSpace");
            }
        }

        await tray.ClickMenuItemAsync(app.Process.Id, ItemPath, "Quit");

        Assert.Equal(0, await app.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("ok", StoreCheck.IntegrityCheck(_home.DataDir));
        var listed = await _home.RunAsync("--json", "search", "quitting");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("written just before quitting", listed.Stdout, StringComparison.Ordinal);
    }

    private Task<int> NoteCountAsync() =>
        Task.FromResult(int.Parse(StoreCheck.Scalar(_home.DataDir, "SELECT count(*) FROM notes WHERE text = 'written just before quitting'") ?? "0", System.Globalization.CultureInfo.InvariantCulture));

    private Task<int> SpaceCountAsync() =>
        Task.FromResult(int.Parse(StoreCheck.Scalar(_home.DataDir, "SELECT count(*) FROM spaces") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
}
