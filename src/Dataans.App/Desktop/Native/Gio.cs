using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>GIO's D-Bus: the process's shared session bus connection. Call only on the GTK thread.</summary>
internal static unsafe partial class Gio
{
    /// <summary>G_BUS_TYPE_SESSION.</summary>
    public const int BusTypeSession = 2;

    /// <summary>
    /// The session bus connection GIO shares within the process (made and initialised now if it was not yet),
    /// with a reference for the caller; 0 when there is no session bus (<paramref name="error"/> says why).
    /// </summary>
    [LibraryImport(NativeLibraries.Gio)]
    public static partial nint g_bus_get_sync(int busType, nint cancellable, nint* error);
}
