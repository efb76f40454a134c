using System.Runtime.InteropServices;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>
/// Sends the client message a window manager sends when the user clicks a window's close button
/// (WM_PROTOCOLS / WM_DELETE_WINDOW). The test X server has no window manager, and xdotool cannot send it.
/// </summary>
internal static partial class WindowManagerMessages
{
    private const string LibX11 = "libX11.so.6";
    private const int ClientMessage = 33;

    public static void SendDeleteWindow(string display, nuint window)
    {
        var connection = XOpenDisplay(display);
        Assert.True(connection != 0, $"cannot open display {display}");
        try
        {
            var message = new ClientMessageEvent
            {
                Type = ClientMessage,
                Window = window,
                MessageType = XInternAtom(connection, "WM_PROTOCOLS", 0),
                Format = 32,
                Data0 = (long)XInternAtom(connection, "WM_DELETE_WINDOW", 0),
                Data1 = 0, // CurrentTime
            };
            Assert.NotEqual(0, XSendEvent(connection, window, 0, 0, ref message));
            XFlush(connection);
        }
        finally
        {
            XCloseDisplay(connection);
        }
    }

    [LibraryImport(LibX11, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint XOpenDisplay(string name);

    [LibraryImport(LibX11, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nuint XInternAtom(nint display, string name, int onlyIfExists);

    [LibraryImport(LibX11)]
    private static partial int XSendEvent(nint display, nuint window, int propagate, nint eventMask, ref ClientMessageEvent message);

    [LibraryImport(LibX11)]
    private static partial int XFlush(nint display);

    [LibraryImport(LibX11)]
    private static partial int XCloseDisplay(nint display);

    /// <summary>XClientMessageEvent inside the 192-byte XEvent union (x86-64 and arm64 layout).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct ClientMessageEvent
    {
        [FieldOffset(0)] public int Type;
        [FieldOffset(8)] public nuint Serial;
        [FieldOffset(16)] public int SendEvent;
        [FieldOffset(24)] public nint Display;
        [FieldOffset(32)] public nuint Window;
        [FieldOffset(40)] public nuint MessageType;
        [FieldOffset(48)] public int Format;
        [FieldOffset(56)] public long Data0;
        [FieldOffset(64)] public long Data1;
    }
}
