using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dataans.App.Desktop.Native;

namespace Dataans.App.Desktop;

/// <summary>
/// Carries work to the GTK thread: GTK may only be called from the thread that runs its main loop, and
/// <c>g_idle_add</c> is the one GLib call that is safe from any thread. Thread-safe.
/// </summary>
internal static unsafe class GtkThread
{
    private static readonly ConcurrentQueue<Action> Pending = new();

    /// <summary>Where failures inside GTK callbacks are reported (they must never unwind into native code).</summary>
    public static TextWriter Errors { get; set; } = TextWriter.Null;

    public static void Post(Action action)
    {
        Pending.Enqueue(action);
        GLib.g_idle_add(&Drain, 0);
    }

    /// <summary>Runs a callback body, reporting instead of throwing.</summary>
    public static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            Errors.WriteLine($"Desktop window: {exception.GetType().Name}: {exception.Message}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Drain(nint data)
    {
        while (Pending.TryDequeue(out var action))
        {
            Guard(action);
        }

        return GLib.False;
    }
}
