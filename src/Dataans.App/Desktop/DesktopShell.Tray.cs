using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dataans.App.Desktop.Native;

namespace Dataans.App.Desktop;

/// <summary>The tray icon (a StatusNotifierItem with Toggle and Quit) and the global toggle key.</summary>
internal sealed unsafe partial class DesktopShell
{
    private string? _boundAccelerator;
    private bool _keybinderReady;

    private void CreateTray()
    {
        if (!NativeLibraries.CanLoad(NativeLibraries.AppIndicator))
        {
            return; // no tray library: closing the window quits, as with no tray at all
        }

        var menu = Gtk.gtk_menu_new();
        var toggle = Gtk.gtk_menu_item_new_with_label("Toggle");
        var quit = Gtk.gtk_menu_item_new_with_label("Quit");
        GLib.Connect(toggle, "activate", (delegate* unmanaged[Cdecl]<nint, nint, void>)&OnTrayToggle);
        GLib.Connect(quit, "activate", (delegate* unmanaged[Cdecl]<nint, nint, void>)&OnTrayQuit);
        Gtk.gtk_menu_shell_append(menu, toggle);
        Gtk.gtk_menu_shell_append(menu, quit);
        Gtk.gtk_widget_show_all(menu);

        // The indicator registers itself with the session bus's StatusNotifierWatcher, if there is one,
        // and says so through connection-changed. It asks for the session bus twice at once, for its watch of
        // the watcher's name and for its own connection; when the name's owner arrives before its connection
        // it cannot make its proxy (GLib-GIO-CRITICAL "g_dbus_proxy_new: assertion ... failed") and never
        // registers, until the watcher restarts. Connected first, both requests find the bus ready.
        ConnectSessionBus();
        var indicator = AppIndicator.app_indicator_new(AppIcon.Name, AppIcon.EnsureFile() ?? "accessories-text-editor", AppIndicator.CategoryApplicationStatus);
        AppIndicator.app_indicator_set_title(indicator, "Dataans");
        GLib.Connect(indicator, "connection-changed", (delegate* unmanaged[Cdecl]<nint, int, nint, void>)&OnTrayConnectionChanged);
        AppIndicator.app_indicator_set_menu(indicator, menu);
        AppIndicator.app_indicator_set_secondary_activate_target(indicator, toggle);
        AppIndicator.app_indicator_set_status(indicator, AppIndicator.StatusActive);
    }

    /// <summary>
    /// Makes the process's shared session bus connection. Its reference is kept for the process's life (GIO
    /// drops the shared connection with its last reference). Without a session bus the indicator finds none
    /// either, and closing the window quits.
    /// </summary>
    private static void ConnectSessionBus()
    {
        nint error = 0;
        if (Gio.g_bus_get_sync(Gio.BusTypeSession, 0, &error) == 0 && error != 0)
        {
            GLib.g_error_free(error);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTrayToggle(nint item, nint data) => GtkThread.Guard(() => _current?.ToggleNow());

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTrayQuit(nint item, nint data) => GtkThread.Guard(Gtk.gtk_main_quit);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTrayConnectionChanged(nint indicator, int connected, nint data) =>
        GtkThread.Guard(() =>
        {
            if (_current is { } shell)
            {
                shell._options.Status.TrayConnected = connected != GLib.False;
            }
        });

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnToggleKey(nint keystring, nint data) => GtkThread.Guard(() => _current?.ToggleNow());

    /// <summary>Grabs the configured key on the whole X11 display (again, when the setting changed).</summary>
    private void BindToggleKey()
    {
        var accelerator = _settings.ToggleAccelerator;
        if (accelerator == _boundAccelerator)
        {
            return;
        }

        if (_boundAccelerator is not null)
        {
            Keybinder.keybinder_unbind_all(_boundAccelerator);
            _boundAccelerator = null;
        }

        _options.Status.GlobalKeyProblem = accelerator is null ? null : GrabProblem(accelerator);
    }

    private string? GrabProblem(string accelerator)
    {
        var display = Gtk.gdk_display_get_default();
        if (GLib.Text(GLib.g_type_name_from_instance(display)) != "GdkX11Display")
        {
            return $"{_settings.ToggleKey} cannot be grabbed outside X11: set a shortcut in your desktop's keyboard settings that runs 'dataans desktop toggle'.";
        }

        if (!NativeLibraries.CanLoad(NativeLibraries.Keybinder))
        {
            return $"{_settings.ToggleKey} needs {NativeLibraries.Keybinder} (install libkeybinder-3.0-0).";
        }

        if (!_keybinderReady)
        {
            Keybinder.keybinder_init();
            Keybinder.keybinder_set_use_cooked_accelerators(GLib.False); // shortcuts name keys, as the original's do
            _keybinderReady = true;
        }

        if (Keybinder.keybinder_bind(accelerator, &OnToggleKey, 0) == GLib.False)
        {
            return $"{_settings.ToggleKey} could not be grabbed: another application holds it.";
        }

        _boundAccelerator = accelerator;
        return DesktopStatus.IsWaylandSession
            ? $"{_settings.ToggleKey} works while an X11 (XWayland) window has the focus; for every application set a shortcut in your desktop's keyboard settings that runs 'dataans desktop toggle'."
            : null;
    }
}
