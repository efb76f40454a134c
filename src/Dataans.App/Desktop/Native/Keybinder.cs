using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>libkeybinder-3.0: a key grabbed on the whole X11 display. Call only on the GTK thread, after gtk_init.</summary>
internal static unsafe partial class Keybinder
{
    [LibraryImport(NativeLibraries.Keybinder)]
    public static partial void keybinder_init();

    /// <summary>False: accelerators name keys and modifiers ("&lt;Control&gt;&lt;Shift&gt;d"), not the symbols they type ("&lt;Control&gt;D").</summary>
    [LibraryImport(NativeLibraries.Keybinder)]
    public static partial void keybinder_set_use_cooked_accelerators(int useCooked);

    [LibraryImport(NativeLibraries.Keybinder, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int keybinder_bind(string accelerator, delegate* unmanaged[Cdecl]<nint, nint, void> handler, nint data);

    [LibraryImport(NativeLibraries.Keybinder, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void keybinder_unbind_all(string accelerator);
}
