using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dataans.App.Desktop.Native;

namespace Dataans.App.Desktop;

/// <summary>How to open the desktop window.</summary>
/// <param name="DataFolder">Where the window's geometry and the web view's storage are kept.</param>
internal sealed record DesktopShellOptions(string DataFolder, DesktopSettings Settings, DesktopStatus Status)
{
    /// <summary>Start in the tray (autostart); the toggle key, the tray or a second launch shows the window.</summary>
    public bool StartHidden { get; init; }

    /// <summary>The page background shown before the UI paints (the theme's), as #rrggbb.</summary>
    public string BackgroundColor { get; init; } = "#1e2127";
}

/// <summary>GTK could not start (no usable display).</summary>
internal sealed class DesktopUnavailableException(string message) : Exception(message);

/// <summary>
/// The desktop window: GTK 3 + WebKitGTK 4.1 showing the local UI, with the original app's window
/// behaviours (global toggle key, always on top, no decorations, no taskbar entry, tray with Toggle and
/// Quit, close hides to the tray) and a drop-down mode. GTK runs its main loop on a thread of its own;
/// the public methods may be called from any thread and are carried out there. One per process.
/// </summary>
internal sealed partial class DesktopShell
{
    private const int DefaultWidth = 1300;
    private const int DefaultHeight = 700;

    private static DesktopShell? _current;

    private readonly DesktopShellOptions _options;
    private readonly WindowStateFile _stateFile;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DesktopSettings _settings;
    private WindowGeometry? _geometry;
    private nint _window;
    private nint _webView;
    private string? _url;
    private bool _dialogOpen;

    private DesktopShell(DesktopShellOptions options)
    {
        _options = options;
        _settings = options.Settings;
        _stateFile = new WindowStateFile(options.DataFolder);
    }

    /// <summary>Completes when the window is gone for good: Quit in the tray, or closed with no tray to hide in.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Starts GTK on its own thread and shows the window (unless it starts hidden) in the theme's background
    /// colour: this runs while the UI server starts, and <see cref="Navigate"/> then loads the UI into it.
    /// </summary>
    /// <exception cref="DesktopUnavailableException">GTK could not open the display.</exception>
    public static async Task<DesktopShell> StartAsync(DesktopShellOptions options)
    {
        var shell = new DesktopShell(options);
        if (Interlocked.CompareExchange(ref _current, shell, null) is not null)
        {
            throw new InvalidOperationException("Only one desktop window can run in a process.");
        }

        var thread = new Thread(shell.Run) { Name = "GTK main loop", IsBackground = true };
        thread.Start();
        try
        {
            await shell._started.Task;
        }
        catch
        {
            Interlocked.CompareExchange(ref _current, null, shell);
            throw;
        }

        return shell;
    }

    /// <summary>Loads the UI at <paramref name="url"/> into the window.</summary>
    public void Navigate(string url) => GtkThread.Post(() =>
    {
        _url = url;
        WebKit.webkit_web_view_load_uri(_webView, url);
    });

    /// <summary>Shows the window and gives it the focus (a second launch, the tray's Toggle on a hidden window).</summary>
    public void Show() => GtkThread.Post(ShowNow);

    public void Toggle() => GtkThread.Post(ToggleNow);

    /// <summary>Ends the main loop; <see cref="Closed"/> completes once the geometry is saved.</summary>
    public void Quit() => GtkThread.Post(Gtk.gtk_main_quit);

    /// <summary>Applies changed <c>[app]</c> settings to the running window.</summary>
    public void Apply(DesktopSettings settings) => GtkThread.Post(() => ApplyNow(settings));

    private void Run()
    {
        try
        {
            // X11 (XWayland on a Wayland desktop) first: only there can a window stay on top, place itself
            // and grab a global key.
            Gtk.gdk_set_allowed_backends("x11,*");
            GLib.g_set_prgname(AppIcon.Name);
            GLib.g_set_application_name("Dataans");
            if (Gtk.gtk_init_check(0, 0) == GLib.False)
            {
                _started.SetException(new DesktopUnavailableException("GTK could not open the display"));
                return;
            }

            CreateWindow();
            CreateTray();
            ApplyNow(_settings);
            if (!_options.StartHidden)
            {
                ShowNow();
            }

            _options.Status.InWindow = true;
            _started.SetResult();
            Gtk.gtk_main();
            RememberGeometry();
            SaveGeometry();
        }
        catch (Exception exception) when (_started.TrySetException(exception))
        {
        }
        finally
        {
            _options.Status.InWindow = false;
            _closed.TrySetResult();
        }
    }

    private unsafe void CreateWindow()
    {
        _window = Gtk.gtk_window_new(Gtk.WindowToplevel);
        Gtk.gtk_window_set_title(_window, "Dataans");
        if (AppIcon.EnsureFile() is { } icon)
        {
            Gtk.gtk_window_set_icon_from_file(_window, icon, 0);
        }

        _geometry = _stateFile.Load();
        var screen = MonitorArea();
        Gtk.gtk_window_set_default_size(
            _window,
            _geometry?.Width ?? Math.Min(DefaultWidth, screen.Width),
            _geometry?.Height ?? Math.Min(DefaultHeight, screen.Height));
        if (_geometry is { } geometry)
        {
            Gtk.gtk_window_move(_window, geometry.X, geometry.Y);
        }

        GLib.Connect(_window, "delete-event", (delegate* unmanaged[Cdecl]<nint, nint, nint, int>)&OnDeleteEvent);
        GLib.Connect(_window, "configure-event", (delegate* unmanaged[Cdecl]<nint, nint, nint, int>)&OnConfigure);
        GLib.Connect(_window, "focus-out-event", (delegate* unmanaged[Cdecl]<nint, nint, nint, int>)&OnFocusOut);
        CreateWebView();
    }

    private void ShowNow()
    {
        if (_settings.DropDown)
        {
            PlaceDropDown();
        }
        else if (_geometry is { } geometry)
        {
            Gtk.gtk_window_move(_window, geometry.X, geometry.Y);
            Gtk.gtk_window_resize(_window, geometry.Width, geometry.Height);
        }

        Gtk.gtk_widget_show_all(_window);
        Gtk.gtk_window_present(_window);
    }

    private void HideNow()
    {
        RememberGeometry();
        Gtk.gtk_widget_hide(_window);
        SaveGeometry();
    }

    private void ToggleNow()
    {
        if (Gtk.gtk_widget_get_visible(_window) != GLib.False)
        {
            HideNow();
        }
        else
        {
            ShowNow();
        }
    }

    /// <summary>Closing hides the window while a tray can bring it back; without a tray it quits the app.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnDeleteEvent(nint widget, nint gdkEvent, nint data)
    {
        GtkThread.Guard(() =>
        {
            if (_current is not { } shell)
            {
                return;
            }

            if (shell._options.Status.TrayConnected)
            {
                shell.HideNow();
            }
            else
            {
                Gtk.gtk_main_quit();
            }
        });
        return GLib.True;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnConfigure(nint widget, nint gdkEvent, nint data)
    {
        GtkThread.Guard(() => _current?.RememberGeometry());
        return GLib.False;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int OnFocusOut(nint widget, nint gdkEvent, nint data)
    {
        if (_current is { _settings.HideOnFocusLoss: true })
        {
            // The focus may only be moving to one of our own dialogs: look again once it has settled.
            GLib.g_timeout_add(250, &HideUnlessFocused, 0);
        }

        return GLib.False;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int HideUnlessFocused(nint data)
    {
        GtkThread.Guard(() =>
        {
            if (_current is { } shell && shell._settings.HideOnFocusLoss && !shell._dialogOpen
                && Gtk.gtk_widget_get_visible(shell._window) != GLib.False && !AnyWindowActive())
            {
                shell.HideNow();
            }
        });
        return GLib.False;
    }

    private static unsafe bool AnyWindowActive()
    {
        var list = Gtk.gtk_window_list_toplevels();
        try
        {
            // GList: { gpointer data; GList *next; GList *prev; }
            for (var node = list; node != 0; node = ((nint*)node)[1])
            {
                if (Gtk.gtk_window_is_active(((nint*)node)[0]) != GLib.False)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            Gtk.g_list_free(list);
        }
    }
}
