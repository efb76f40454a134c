using System.Diagnostics;
using Dataans.Contracts.Operations;
using Dataans.Core.Storage;

namespace Dataans.Benchmarks.Store;

/// <summary>
/// Sync's bulk path (pages applied with the search index deferred, then one build) in alternating pairs
/// in one process, each in a fresh store: as it runs, with the notes' and the log's secondary indexes
/// dropped and created again once at the end (<see cref="SecondaryIndexDeferral"/>), and with them kept
/// in step row by row (the deferral's flag set beforehand with nothing recorded, so nothing is dropped
/// and nothing built). The process's CPU time is less sensitive than wall time to other load.
/// </summary>
internal static class BulkIndexComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var notes = Arguments.Int(args, "--notes", 100_000);
        var rounds = Arguments.Int(args, "--rounds", 3);
        var (operations, _) = Corpus.Build(notes, 50, 20_000, new Random(42));
        await MeasureAsync([.. operations.Take(5_000)], deferSecondaryIndexes: false); // warm-up: JIT and the page cache of the binaries
        await MeasureAsync([.. operations.Take(5_000)], deferSecondaryIndexes: true);
        var results = new Dictionary<bool, List<Measured>> { [false] = [], [true] = [] };
        Console.WriteLine($"Bulk path, {operations.Count:N0} operations, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| round | secondary indexes | wall | pages | index builds | process CPU | ops/s | load at start |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var deferred in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                var measured = await MeasureAsync(operations, deferred);
                results[deferred].Add(measured);
                Console.WriteLine($"| {round} | {Name(deferred)} | {measured.Wall.TotalSeconds:N2} s | {measured.Pages.TotalSeconds:N2} s | {measured.Builds.TotalSeconds:N2} s | {measured.Cpu.TotalSeconds:N2} s | {operations.Count / measured.Wall.TotalSeconds:N0} | {load} |");
            }
        }

        foreach (var (deferred, all) in results)
        {
            var cpu = all.Select(measured => measured.Cpu.TotalSeconds).Order().ToList();
            var wall = all.Select(measured => measured.Wall.TotalSeconds).Order().ToList();
            Console.WriteLine($"{Name(deferred)}: median process CPU {cpu[cpu.Count / 2]:N2} s, median wall {wall[wall.Count / 2]:N2} s ({operations.Count / wall[wall.Count / 2]:N0} ops/s)");
        }

        return 0;
    }

    private static string Name(bool deferred) => deferred ? "dropped, built at the end" : "kept in step";

    /// <summary>
    /// Sync's path for a large pull in a store of its own: pages applied with the search index (and, unless
    /// <paramref name="deferSecondaryIndexes"/> is false, the secondary indexes) deferred, then the builds.
    /// </summary>
    internal static async Task<Measured> MeasureAsync(IReadOnlyList<OperationRecord> operations, bool deferSecondaryIndexes)
    {
        var root = Path.Combine(Path.GetTempPath(), "dataans-bench-bulk-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = await DataansStore.OpenAsync(new DataDirectory(root));
            if (!deferSecondaryIndexes)
            {
                await store.Transactions.WriteAsync((writer, _) => MetaTable.Set(writer.Batch, SecondaryIndexDeferral.Key, "{}"), CancellationToken.None);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime; // less sensitive than wall time to other processes sharing the cores
            var stopwatch = Stopwatch.StartNew();
            foreach (var page in operations.Chunk(1000))
            {
                await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
            }

            var pages = stopwatch.Elapsed;
            await store.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync();
            await store.SyncLedger.RebuildSearchIndexIfDeferredAsync();
            return new Measured(stopwatch.Elapsed, pages, stopwatch.Elapsed - pages, Process.GetCurrentProcess().TotalProcessorTime - cpu);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One bulk run: all of it, the pages, the index builds at the end, and the process's CPU time.</summary>
    internal readonly record struct Measured(TimeSpan Wall, TimeSpan Pages, TimeSpan Builds, TimeSpan Cpu);
}
