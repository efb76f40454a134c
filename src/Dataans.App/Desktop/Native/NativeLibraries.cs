using System.Reflection;
using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>
/// The shared libraries the desktop window calls (Debian 12 package names in the comments) and the check
/// that they can be loaded. The window needs GTK 3 and WebKitGTK 4.1; the global key and the tray are
/// optional and simply absent when their library is.
/// </summary>
internal static class NativeLibraries
{
    public const string GLib = "libglib-2.0.so.0";
    public const string GObject = "libgobject-2.0.so.0";
    public const string Gio = "libgio-2.0.so.0";
    public const string Gdk = "libgdk-3.so.0";

    /// <summary>libgtk-3-0.</summary>
    public const string Gtk = "libgtk-3.so.0";

    /// <summary>libwebkit2gtk-4.1-0.</summary>
    public const string WebKit = "libwebkit2gtk-4.1.so.0";

    /// <summary>libjavascriptcoregtk-4.1-0 (WebKitGTK's JavaScript values; installed with it).</summary>
    public const string JavaScriptCore = "libjavascriptcoregtk-4.1.so.0";

    /// <summary>libkeybinder-3.0-0 (the global toggle key on X11).</summary>
    public const string Keybinder = "libkeybinder-3.0.so.0";

    /// <summary>libayatana-appindicator3-1 (the tray icon); the older libappindicator3 has the same API.</summary>
    public const string AppIndicator = "libayatana-appindicator3.so.1";

    private const string LegacyAppIndicator = "libappindicator3.so.1";
    private static int _resolverSet;

    /// <summary>Null when the window can be made; otherwise the package that is missing, as a phrase.</summary>
    public static string? MissingForWindow()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the desktop window is made for Linux";
        }

        foreach (var (library, package) in new[] { (Gtk, "libgtk-3-0"), (WebKit, "libwebkit2gtk-4.1-0") })
        {
            if (!CanLoad(library))
            {
                return $"{library} cannot be loaded (install {package})";
            }
        }

        UseResolver();
        return null;
    }

    public static bool CanLoad(string library)
    {
        if (library == AppIndicator)
        {
            return TryLoadAny(out _, AppIndicator, LegacyAppIndicator);
        }

        // Never unloaded again: unloading GTK or WebKit once loaded crashes the process later.
        return NativeLibrary.TryLoad(library, out _);
    }

    /// <summary>Lets the tray use whichever AppIndicator library the system has.</summary>
    private static void UseResolver()
    {
        if (Interlocked.Exchange(ref _resolverSet, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == AppIndicator && TryLoadAny(out var handle, AppIndicator, LegacyAppIndicator) ? handle : 0;

    private static bool TryLoadAny(out nint handle, params string[] names)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out handle))
            {
                return true;
            }
        }

        handle = 0;
        return false;
    }
}
