using System.Diagnostics;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Benchmarks.Store;

/// <summary>
/// Issue 2's figures: bulk apply of remote operations, note creation, timeline paging, search and
/// the CLI's `space list`, on a store of 100,000 notes (≈300 characters, some CJK) in 50 spaces.
/// </summary>
internal static class StoreBenchmark
{
    private const int Spaces = 50;
    private const int BigSpaceNotes = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var notes = ArgumentInt(args, "--notes", 100_000);
        var cli = ArgumentString(args, "--cli", Path.Combine(RepositoryRoot(), "src", "Dataans.App", "bin", "Release", "net10.0", "dataans.dll"));
        var root = Path.Combine(Path.GetTempPath(), "dataans-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = await DataansStore.OpenAsync(new DataDirectory(root));
            var random = new Random(42);
            var (operations, bigSpace) = Corpus.Build(notes, Spaces, BigSpaceNotes, random);

            var stopwatch = Stopwatch.StartNew();
            foreach (var page in operations.Chunk(1000))
            {
                await store.ApplyAsync(page);
            }

            stopwatch.Stop();
            var applyRate = operations.Count / stopwatch.Elapsed.TotalSeconds;
            var (bulk, _, rebuild, bulkCpu) = await BulkIndexComparison.MeasureAsync(operations, deferSecondaryIndexes: true);
            var bulkRate = operations.Count / bulk.TotalSeconds;

            var create = await MeasureAsync(500, i => store.CreateNoteAsync(bigSpace, Corpus.Text(random, i)));
            var timeline = await MeasureAsync(200, _ => store.ListNotesAsync(bigSpace, 50));
            var search = new NoteSearch(store);
            var queries = Corpus.Queries;
            var searches = await MeasureAsync(queries.Length * 10, i => search.SearchAsync(queries[i % queries.Length], limit: 50));
            var segments = await store.CountSearchIndexSegmentsAsync();
            var tidyClock = System.Diagnostics.Stopwatch.StartNew();
            var tidySteps = await store.TidySearchIndexAsync(maxSegments: 1);
            var tidy = tidyClock.Elapsed;
            var tidied = await MeasureAsync(queries.Length * 10, i => search.SearchAsync(queries[i % queries.Length], limit: 50));
            double? spaceList = File.Exists(cli) ? MeasureCli(cli, root) : null;
            if (args.Contains("--per-query"))
            {
                foreach (var query in queries)
                {
                    var each = await MeasureAsync(10, _ => search.SearchAsync(query, limit: 50));
                    Console.WriteLine($"  query '{query}': p50 {each.P50:N1} ms, max {each.P95:N1} ms, hits {(await search.SearchAsync(query, limit: 50)).Count}");
                }
            }


            Console.WriteLine($"Store benchmark: {notes:N0} notes in {Spaces} spaces ({BigSpaceNotes:N0} in the largest), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
            Console.WriteLine("| measure | result | goal |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| apply {operations.Count:N0} remote operations, search index note by note | {applyRate:N0} ops/s ({stopwatch.Elapsed.TotalSeconds:N1} s) | ≥ 20,000 ops/s |");
            Console.WriteLine($"| the same as a new device's pull: index built once at the end (sync's bulk path) | {bulkRate:N0} ops/s ({bulk.TotalSeconds:N1} s of which the one index build {rebuild.TotalSeconds:N1} s; process CPU {bulkCpu.TotalSeconds:N1} s; {bulkRate / applyRate:F2}× the line above) | ≥ 20,000 ops/s |");
            Console.WriteLine($"| create note (500 samples) | p50 {create.P50:N2} ms, p95 {create.P95:N2} ms | p50 ≤ 2 ms |");
            Console.WriteLine($"| newest 50 notes of a {BigSpaceNotes:N0}-note space | p50 {timeline.P50:N2} ms, p95 {timeline.P95:N2} ms | ≤ 10 ms |");
            Console.WriteLine($"| search, top 50 with snippets ({queries.Length * 10} queries), the index as written note by note ({segments} segments) | p50 {searches.P50:N2} ms, p95 {searches.P95:N2} ms | p95 ≤ 30 ms |");
            Console.WriteLine($"| tidying that index into one segment (the app does it once notes stop changing) | {tidy.TotalSeconds:N1} s in {tidySteps} steps | |");
            Console.WriteLine($"| the same searches after tidying | p50 {tidied.P50:N2} ms, p95 {tidied.P95:N2} ms | p95 ≤ 30 ms |");
            Console.WriteLine(spaceList is { } wall
                ? $"| `dataans space list` wall time (median of 5) | {wall:N0} ms | ≤ 400 ms |"
                : $"| `dataans space list` wall time | not measured: build the app in Release first ({cli}) | ≤ 400 ms |");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(double P50, double P95)> MeasureAsync(int samples, Func<int, Task> action)
    {
        await action(0);
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action(i);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[samples / 2], times[(int)(samples * 0.95)]);
    }

    private static double MeasureCli(string cli, string dataDirectory)
    {
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var process = Process.Start(new ProcessStartInfo("dotnet", [cli, "space", "list", "--data-dir", dataDirectory])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`dataans space list` failed: {process.StandardError.ReadToEnd()}");
            }
            if (i > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dataans.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static int ArgumentInt(string[] args, string name, int fallback) =>
        int.TryParse(ArgumentString(args, name, string.Empty), out var value) ? value : fallback;

    private static string ArgumentString(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
