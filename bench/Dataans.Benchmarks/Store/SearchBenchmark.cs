using System.Diagnostics;
using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Benchmarks.Store;

/// <summary>
/// Issue 15's search figures: top 50 with snippets over the store benchmark's corpus, per query class
/// (common words, two common words, rare words, two-character CJK, a five-character Japanese phrase,
/// a substring inside a word), each class's p50/p95 and the whole mix's.
/// </summary>
internal static class SearchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var notes = Arguments.Int(args, "--notes", 100_000);
        var rounds = Arguments.Int(args, "--rounds", 20);
        var keep = Arguments.String(args, "--keep", string.Empty); // a folder to leave the store in, for inspection
        var existing = Arguments.String(args, "--store", string.Empty); // a store left by --keep, searched as it is (built with the same --notes)
        var root = existing.Length > 0 ? existing : keep.Length > 0 ? keep : Path.Combine(Path.GetTempPath(), "dataans-bench-search-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stopwatch = Stopwatch.StartNew();
            using var store = await DataansStore.OpenAsync(new DataDirectory(root));
            if (existing.Length == 0)
            {
                var (operations, _) = Corpus.Build(notes, 50, Math.Min(20_000, notes / 5), new Random(42));
                foreach (var page in operations.Chunk(1000))
                {
                    await store.SyncLedger.ApplyPulledPageAsync(new PulledPage(page, [.. page.Select(record => record.Id)], [], 0, null) { DeferSearchIndex = true });
                }

                await store.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync();
                await store.SyncLedger.RebuildSearchIndexIfDeferredAsync();
            }

            Console.WriteLine($"Search benchmark: {notes:N0} notes {(existing.Length > 0 ? "in " + existing + ", opened" : "built")} in {stopwatch.Elapsed.TotalSeconds:N1} s, {rounds} rounds per query, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
            var search = new NoteSearch(store);
            var dump = Arguments.String(args, "--dump", string.Empty); // a file to write every query's page to (note, rank, snippet), to compare index variants
            using var dumpWriter = dump.Length > 0 ? new StreamWriter(dump) : null;
            Console.WriteLine("| class | queries (notes matching) | p50 ms | p95 ms | CPU ms per search |");
            Console.WriteLine("|---|---|---|---|---|");
            var all = new List<double>();
            foreach (var (name, queries) in Corpus.QueryClasses())
            {
                var counts = new List<string>();
                foreach (var query in queries)
                {
                    counts.Add($"'{query}' ({await search.CountAsync(query) * 100.0 / notes:N1} %)");
                    var page = await search.SearchAsync(query, limit: 50); // warms the caches too
                    foreach (var (hit, position) in page.Select((hit, position) => (hit, position)))
                    {
                        dumpWriter?.WriteLine($"{query}\t{position}\t{hit.Note.Id}\t{hit.Rank:R}\t{hit.Snippet}");
                    }
                }

                var times = new List<double>();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime; // less sensitive than wall time to other processes sharing the cores
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var query in queries)
                    {
                        var start = Stopwatch.GetTimestamp();
                        await search.SearchAsync(query, limit: 50);
                        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }

                var cpuPerSearch = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / times.Count;
                all.AddRange(times);
                Console.WriteLine($"| {name} | {string.Join(", ", counts)} | {Percentile(times, 0.50):N1} | {Percentile(times, 0.95):N1} | {cpuPerSearch:N1} |");
            }

            Console.WriteLine($"| all classes | {all.Count} searches | {Percentile(all, 0.50):N1} | {Percentile(all, 0.95):N1} | |");
            var (searchBox, searchBoxTotal) = await SearchBoxAsync(search, rounds);
            Console.WriteLine($"| the app's search box: its first 100 hits, then the total (every query of the mix) | {searchBox.Count} searches | {Percentile(searchBox, 0.50):N1} | {Percentile(searchBox, 0.95):N1} | |");
            Console.WriteLine($"| the same, until the total is shown too | {searchBoxTotal.Count} searches | {Percentile(searchBoxTotal, 0.50):N1} | {Percentile(searchBoxTotal, 0.95):N1} | |");
            var superseded = await SupersededAsync(search, rounds);
            Console.WriteLine($"| a search cancelled 5 ms after it starts (a keystroke superseding it): until it returns | {superseded.Count} searches | {Percentile(superseded, 0.50):N1} | {Percentile(superseded, 0.95):N1} | |");
            var afterWrites = await SearchAfterWritesAsync(store, search, rounds);
            Console.WriteLine($"| each query right after this process wrote a note (the index changed) | {afterWrites.Count} searches | {Percentile(afterWrites, 0.50):N1} | {Percentile(afterWrites, 0.95):N1} | |");
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep.Length == 0 && existing.Length == 0)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// Every query of the mix as the app's search box runs it (<c>SpacesPanel</c>): a page of 100 hits, shown
    /// when found, then the true total when the page is full. Times until the hits, and until the total.
    /// </summary>
    private static async Task<(List<double> Hits, List<double> Total)> SearchBoxAsync(NoteSearch search, int rounds)
    {
        var (hits, total) = (new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in Corpus.QueryClasses().SelectMany(queryClass => queryClass.Queries))
            {
                var start = Stopwatch.GetTimestamp();
                var page = await search.SearchAsync(query, limit: 100);
                hits.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (page.Count == 100)
                {
                    await search.CountAsync(query);
                }

                total.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return (hits, total);
    }

    /// <summary>Every query of the mix, cancelled 5 ms after it starts: how long it keeps the caller (and a core) until it returns.</summary>
    private static async Task<List<double>> SupersededAsync(NoteSearch search, int rounds)
    {
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in Corpus.QueryClasses().SelectMany(queryClass => queryClass.Queries))
            {
                using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(5));
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await search.SearchAsync(query, limit: 100, cancellationToken: cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                }

                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return times;
    }

    /// <summary>Every query of the mix, each timed right after a note is written: the first search in a new state of the index.</summary>
    private static async Task<List<double>> SearchAfterWritesAsync(DataansStore store, NoteSearch search, int rounds)
    {
        var space = await store.CreateSpaceAsync("benchmark writes " + Guid.NewGuid().ToString("N"));
        var note = await store.CreateNoteAsync(space.Id, "a note the benchmark edits between searches");
        var times = new List<double>();
        for (var round = 0; round < Math.Max(1, rounds / 5); round++)
        {
            foreach (var query in Corpus.QueryClasses().SelectMany(queryClass => queryClass.Queries))
            {
                await store.UpdateNoteAsync(note.Id, $"edit {times.Count} of a note the benchmark edits between searches");
                var start = Stopwatch.GetTimestamp();
                await search.SearchAsync(query, limit: 50);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        await store.DeleteSpaceAsync(space.Id);
        return times;
    }

    private static double Percentile(List<double> times, double fraction)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * fraction))];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
