using Dataans.App.Desktop.Native;

namespace Dataans.App.Desktop;

/// <summary>Window flags from <c>[app]</c>, the drop-down placement and the remembered geometry.</summary>
internal sealed partial class DesktopShell
{
    private void ApplyNow(DesktopSettings settings)
    {
        _settings = settings;
        var dropDown = settings.DropDown;
        Gtk.gtk_window_set_keep_above(_window, Bool(settings.AlwaysOnTop || dropDown));
        Gtk.gtk_window_set_decorated(_window, Bool(!(settings.HideDecorations || dropDown)));
        Gtk.gtk_window_set_skip_taskbar_hint(_window, Bool(settings.HideTaskbarIcon || dropDown));
        Gtk.gtk_window_set_skip_pager_hint(_window, Bool(settings.HideTaskbarIcon || dropDown));
        if (dropDown && Gtk.gtk_widget_get_visible(_window) != GLib.False)
        {
            PlaceDropDown();
        }

        BindToggleKey();
    }

    /// <summary>Full width at the top of the screen the pointer is on, as tall as configured.</summary>
    private void PlaceDropDown()
    {
        var area = MonitorArea();
        var height = _settings.DropDownHeight <= 1
            ? (int)Math.Round(area.Height * _settings.DropDownHeight)
            : (int)Math.Min(_settings.DropDownHeight, area.Height);
        Gtk.gtk_window_move(_window, area.X, area.Y);
        Gtk.gtk_window_resize(_window, area.Width, Math.Max(height, 100));
    }

    /// <summary>The geometry of the monitor under the pointer (the primary one when that is unknown).</summary>
    private static Gtk.Rectangle MonitorArea()
    {
        var display = Gtk.gdk_display_get_default();
        nint monitor = 0;
        var pointer = Gtk.gdk_seat_get_pointer(Gtk.gdk_display_get_default_seat(display));
        if (pointer != 0)
        {
            Gtk.gdk_device_get_position(pointer, out _, out var x, out var y);
            monitor = Gtk.gdk_display_get_monitor_at_point(display, x, y);
        }

        if (monitor == 0)
        {
            monitor = Gtk.gdk_display_get_primary_monitor(display);
        }

        var area = new Gtk.Rectangle { Width = DefaultWidth, Height = DefaultHeight };
        if (monitor != 0)
        {
            Gtk.gdk_monitor_get_geometry(monitor, out area);
        }

        return area;
    }

    /// <summary>Notes where the window is, unless it is hidden or placed by the drop-down mode.</summary>
    private void RememberGeometry()
    {
        if (_window == 0 || _settings.DropDown || Gtk.gtk_widget_get_visible(_window) == GLib.False)
        {
            return;
        }

        Gtk.gtk_window_get_position(_window, out var x, out var y);
        Gtk.gtk_window_get_size(_window, out var width, out var height);
        var geometry = new WindowGeometry(x, y, width, height);
        if (geometry.IsUsable)
        {
            _geometry = geometry;
        }
    }

    private void SaveGeometry()
    {
        if (_geometry is { } geometry && !_stateFile.Save(geometry))
        {
            GtkThread.Errors.WriteLine($"Desktop window: the window's position could not be saved to {_stateFile.Path}.");
        }
    }

    private static int Bool(bool value) => value ? GLib.True : GLib.False;
}
