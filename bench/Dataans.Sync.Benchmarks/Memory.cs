using System.Diagnostics;
using System.Runtime;

namespace Dataans.Sync.Benchmarks;

/// <summary>This process's peak working set (Linux VmHWM), reset before each measured phase.</summary>
internal static class Memory
{
    /// <summary>Collects everything collectable and gives the memory back, so that the next phase starts small.</summary>
    public static void Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    public static double WorkingSetMiB()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / (1024.0 * 1024);
    }

    /// <summary>Runs <paramref name="work"/> and returns the peak working set while it ran (MiB).</summary>
    public static async Task<(T Result, double PeakMiB)> MeasureAsync<T>(Func<Task<T>> work)
    {
        ResetPeak();
        var result = await work();
        using var process = Process.GetCurrentProcess();
        return (result, process.PeakWorkingSet64 / (1024.0 * 1024));
    }

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0); without it the peak is the process's.</summary>
    private static void ResetPeak()
    {
        Settle();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("Cannot reset the peak working set; peaks are since the process started.");
        }
    }
}
