using System.Diagnostics;
using System.Runtime;

namespace Dataans.Sync.Benchmarks;

/// <summary>This process's peak working set (Linux VmHWM), reset before each measured phase.</summary>
internal static class Memory
{
    /// <summary>
    /// Collects everything collectable and gives the memory back, so that the next phase starts small; idle
    /// SQLite connections (the other devices' page caches, which a separate client process would not hold) are closed.
    /// </summary>
    public static void Settle()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
        var (result, profile) = await ProfileAsync(work);
        return (result, profile.PeakMiB);
    }

    /// <summary>
    /// Runs <paramref name="work"/> and returns the peak working set while it ran, the working set it
    /// started from, and the largest managed heap and SQLite allocation seen (sampled every 10 ms).
    /// </summary>
    public static async Task<(T Result, MemoryProfile Profile)> ProfileAsync<T>(Func<Task<T>> work)
    {
        ResetPeak();
        var start = WorkingSetMiB();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() => SamplePeaks(stop.Token));
        var result = await work();
        await stop.CancelAsync();
        var (managed, sqlite) = await sampler;
        using var process = Process.GetCurrentProcess();
        return (result, new MemoryProfile(process.PeakWorkingSet64 / (1024.0 * 1024), start, managed, sqlite));
    }

    private static (double ManagedMiB, double SqliteMiB) SamplePeaks(CancellationToken stop)
    {
        long managed = 0;
        long sqlite = 0;
        while (!stop.IsCancellationRequested)
        {
            managed = Math.Max(managed, GC.GetGCMemoryInfo().HeapSizeBytes);
            sqlite = Math.Max(sqlite, SQLitePCL.raw.sqlite3_memory_used());
            stop.WaitHandle.WaitOne(10);
        }

        return (managed / (1024.0 * 1024), sqlite / (1024.0 * 1024));
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

/// <summary>A measured phase's memory: peak and starting working set, and the largest managed heap and SQLite allocation seen (MiB).</summary>
internal readonly record struct MemoryProfile(double PeakMiB, double StartMiB, double PeakManagedMiB, double PeakSqliteMiB)
{
    public override string ToString() =>
        $"{PeakMiB:F0} MiB (from {StartMiB:F0} MiB; managed heap ≤ {PeakManagedMiB:F0} MiB, SQLite ≤ {PeakSqliteMiB:F0} MiB)";
}
