using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>The GTK 3 and GDK 3 calls of the desktop window. Call them only on the GTK thread.</summary>
internal static partial class Gtk
{
    public const int WindowToplevel = 0;
    public const int FileChooserActionSave = 1;
    public const int ResponseAccept = -3;

    [LibraryImport(NativeLibraries.Gdk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void gdk_set_allowed_backends(string backends);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial int gtk_init_check(nint argc, nint argv);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_main();

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_main_quit();

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial nint gtk_window_new(int type);

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void gtk_window_set_title(nint window, string title);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_set_default_size(nint window, int width, int height);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_move(nint window, int x, int y);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_resize(nint window, int width, int height);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_get_position(nint window, out int x, out int y);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_get_size(nint window, out int width, out int height);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_set_keep_above(nint window, int setting);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_set_decorated(nint window, int setting);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_set_skip_taskbar_hint(nint window, int setting);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_set_skip_pager_hint(nint window, int setting);

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gtk_window_set_icon_from_file(nint window, string path, nint error);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_window_present(nint window);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial int gtk_window_is_active(nint window);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial nint gtk_window_list_toplevels();

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_widget_show_all(nint widget);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_widget_hide(nint widget);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial int gtk_widget_get_visible(nint widget);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_container_add(nint container, nint widget);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial nint gtk_menu_new();

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gtk_menu_item_new_with_label(string label);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_menu_shell_append(nint menu, nint item);

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void gtk_accelerator_parse(string accelerator, out uint key, out int modifiers);

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gtk_file_chooser_native_new(string title, nint parent, int action, string acceptLabel, string cancelLabel);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial int gtk_native_dialog_run(nint dialog);

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void gtk_file_chooser_set_current_name(nint chooser, string name);

    [LibraryImport(NativeLibraries.Gtk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gtk_file_chooser_set_current_folder(nint chooser, string folder);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial void gtk_file_chooser_set_do_overwrite_confirmation(nint chooser, int confirm);

    [LibraryImport(NativeLibraries.Gtk)]
    public static partial nint gtk_file_chooser_get_uri(nint chooser);

    /// <summary>The widget a drag started from when it started in this process, else 0.</summary>
    [LibraryImport(NativeLibraries.Gtk)]
    public static partial nint gtk_drag_get_source_widget(nint context);

    /// <summary>The URIs of text/uri-list selection data as a NULL-terminated array (g_strfreev it), or 0.</summary>
    [LibraryImport(NativeLibraries.Gtk)]
    public static partial nint gtk_selection_data_get_uris(nint data);

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial nint gdk_display_get_default();

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial nint gdk_display_get_default_seat(nint display);

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial nint gdk_seat_get_pointer(nint seat);

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial void gdk_device_get_position(nint device, out nint screen, out int x, out int y);

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial nint gdk_display_get_monitor_at_point(nint display, int x, int y);

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial nint gdk_display_get_primary_monitor(nint display);

    [LibraryImport(NativeLibraries.Gdk)]
    public static partial void gdk_monitor_get_geometry(nint monitor, out Rectangle geometry);

    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_list_free(nint list);

    /// <summary>GdkRectangle.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Rectangle
    {
        public int X;
        public int Y;
        public int Width;
        public int Height;
    }
}
