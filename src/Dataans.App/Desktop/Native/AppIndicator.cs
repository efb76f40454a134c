using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>
/// libayatana-appindicator3: a StatusNotifierItem on the session D-Bus with a dbusmenu built from a GtkMenu.
/// Call only on the GTK thread.
/// </summary>
internal static partial class AppIndicator
{
    public const int CategoryApplicationStatus = 0;
    public const int StatusActive = 1;

    [LibraryImport(NativeLibraries.AppIndicator, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint app_indicator_new(string id, string iconName, int category);

    [LibraryImport(NativeLibraries.AppIndicator)]
    public static partial void app_indicator_set_status(nint indicator, int status);

    [LibraryImport(NativeLibraries.AppIndicator)]
    public static partial void app_indicator_set_menu(nint indicator, nint menu);

    [LibraryImport(NativeLibraries.AppIndicator, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void app_indicator_set_title(nint indicator, string title);

    [LibraryImport(NativeLibraries.AppIndicator)]
    public static partial void app_indicator_set_secondary_activate_target(nint indicator, nint menuItem);
}
