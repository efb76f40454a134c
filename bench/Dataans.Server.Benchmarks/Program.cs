// End-to-end benchmark of dataans-server on PostgreSQL; prints a table.
//   dotnet run -c Release --project bench/Dataans.Server.Benchmarks -- [--seconds 20] [--devices 50] [--stored 100000] [--batch 10]
// Fairness between users (one floods, another works) on SQLite and PostgreSQL:
//   dotnet run -c Release --project bench/Dataans.Server.Benchmarks -- --fairness [--seconds 20] [--flooders 6] [--streams 300] [--v1-ops 50000]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dataans.Contracts;
using Dataans.Contracts.Sync;

if (args.Contains("--fairness"))
{
    return await Fairness.RunAsync(args, Option);
}

var seconds = Option("--seconds", 20);
var devices = Option("--devices", 50);
var stored = Option("--stored", 100_000);
const int UsersCount = 10;
var batch = Option("--batch", 10);

var cluster = await PostgresCluster.GetAsync();
var connectionString = await cluster.CreateDatabaseAsync("bench");
var dataDir = Directory.CreateTempSubdirectory("dataans-bench-").FullName;
string[] storage = ["--operations-store", "postgres", "--postgres", connectionString, "--data-dir", dataDir];

var tokens = new List<string>();
for (var u = 0; u < UsersCount + 1; u++)
{
    tokens.Add(await ServerExecutable.AddUserAsync($"user{u}", storage));
}

// Throughput, not fairness: the per-user request rate limit is lifted (five devices share each user).
await using var server = await ServerProcess.StartAsync(["--Logging:LogLevel:Default=Warning",
    "--RateLimits:RequestsPerSecondPerUser=1000000", "--RateLimits:RequestBurstPerUser=1000000", .. storage]);
var baseAddress = server.BaseAddress;
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };

HttpClient Client(string token)
{
    var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

long clock = Timestamp.Parse("2025-01-01T00:00:00Z").UnixNanoseconds;
PushOperation NewOp() => new()
{
    Id = Guid.NewGuid(),
    CreatedAt = new Timestamp(Interlocked.Add(ref clock, 1000)),
    Data = RandomNumberGenerator.GetBytes(200),
    Checksum = RandomNumberGenerator.GetBytes(32),
};

var loadAtStart = ProcessCpu.LoadAverage();
var failureCodes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

// 1. 50 devices (5 per user) push a batch and pull their user's new ops in a loop.
var cpuAtStart = ProcessCpu.Milliseconds(server.ProcessId);
var pushLatencies = new List<double>();
var pullLatencies = new List<double>();
long accepted = 0, pulledOps = 0, errors = 0;
var stop = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
var wall = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, devices).Select(d => Task.Run(async () =>
{
    using var client = Client(tokens[d % UsersCount]);
    long cursor = 0;
    var pushes = new List<double>();
    var pulls = new List<double>();
    while (DateTime.UtcNow < stop)
    {
        var t = Stopwatch.GetTimestamp();
        using (var push = await client.PostAsJsonAsync("v2/ops", new PushRequest { Ops = [.. Enumerable.Range(0, batch).Select(_ => NewOp())] }, V2JsonContext.Default.PushRequest))
        {
            pushes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (!push.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                Failed(push);
                continue;
            }

            Interlocked.Add(ref accepted, (await push.Content.ReadFromJsonAsync(V2JsonContext.Default.PushResponse))!.Accepted);
        }

        t = Stopwatch.GetTimestamp();
        var page = await client.GetFromJsonAsync($"v2/ops?after={cursor}&limit=500", V2JsonContext.Default.PullResponse);
        pulls.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        Interlocked.Add(ref pulledOps, page!.Ops.Count);
        cursor = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
    }

    lock (pushLatencies)
    {
        pushLatencies.AddRange(pushes);
        pullLatencies.AddRange(pulls);
    }
}))).ConfigureAwait(false);
var elapsed = wall.Elapsed.TotalSeconds;
var mixedCpu = ProcessCpu.Milliseconds(server.ProcessId) - cpuAtStart;
var peakDuringLoad = PeakRssMiB(server.ProcessId);

// 1b. The server's CPU per operation, one direction at a time: devices only push, then only pull their
// user's history from the start (everything the first phase stored), each for half the time.
var kernelBefore = ProcessCpu.UserAndSystem(server.ProcessId).System;
var ingest = await MeasureCpuAsync(async client =>
{
    using var push = await client.PostAsJsonAsync("v2/ops", new PushRequest { Ops = [.. Enumerable.Range(0, batch).Select(_ => NewOp())] }, V2JsonContext.Default.PushRequest);
    return push.IsSuccessStatusCode ? (await push.Content.ReadFromJsonAsync(V2JsonContext.Default.PushResponse))!.Accepted : Failed(push);
});
var ingestKernel = ProcessCpu.UserAndSystem(server.ProcessId).System - kernelBefore;
var cursors = new System.Collections.Concurrent.ConcurrentDictionary<HttpClient, long>();
var deliver = await MeasureCpuAsync(async client =>
{
    var cursor = cursors.GetOrAdd(client, 0);
    using var pull = await client.GetAsync($"v2/ops?after={cursor}&limit=500");
    if (!pull.IsSuccessStatusCode)
    {
        return Failed(pull);
    }

    var page = await pull.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse);
    cursors[client] = page!.Ops.Count > 0 ? page.Ops[^1].Seq : 0; // from the start again at the end
    return page.Ops.Count;
});
var loadAtEnd = ProcessCpu.LoadAverage();

// 2. One user with 100,000 stored ops: a no-op v2 pull vs the v1 block listing.
using (var bulk = Client(tokens[UsersCount]))
{
    for (var i = 0; i < stored / 1000; i++)
    {
        (await bulk.PostAsJsonAsync("v2/ops", new PushRequest { Ops = [.. Enumerable.Range(0, 1000).Select(_ => NewOp())] }, V2JsonContext.Default.PushRequest))
            .EnsureSuccessStatusCode();
    }
}

using var reader = Client(tokens[UsersCount]);
var (noOpBytes, noOpMs) = await MeasureAsync(reader, $"v2/ops?after={stored}");
var (v1BlockBytes, v1BlockMs) = await MeasureAsync(reader, "data/block?items_per_block=16");
var (v2BlockBytes, v2BlockMs) = await MeasureAsync(reader, "v2/blocks?itemsPerBlock=16");
var peak = PeakRssMiB(server.ProcessId);
server.Kill();

pushLatencies.Sort();
pullLatencies.Sort();
var all = pushLatencies.Concat(pullLatencies).Order().ToList();
Console.WriteLine($"dataans-server on PostgreSQL 15, {devices} devices ({UsersCount} users), {seconds} s, batches of {batch} ops of 200 B; {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| metric | value |");
Console.WriteLine("|---|---|");
Row("ingest (accepted ops/s)", (accepted / elapsed).ToString("N0", CultureInfo.InvariantCulture));
Row("requests/s (push + pull)", (all.Count / elapsed).ToString("N0", CultureInfo.InvariantCulture));
Row("push latency p50 / p99 (ms)", $"{Percentile(pushLatencies, 50):F1} / {Percentile(pushLatencies, 99):F1}");
Row("pull latency p50 / p99 (ms)", $"{Percentile(pullLatencies, 50):F1} / {Percentile(pullLatencies, 99):F1}");
Row("all requests p50 / p99 (ms)", $"{Percentile(all, 50):F1} / {Percentile(all, 99):F1}");
Row("ops delivered to other devices", pulledOps.ToString("N0", CultureInfo.InvariantCulture));
Row("server CPU during the mixed load (ms of CPU per s; per 1,000 ops ingested + delivered)", $"{mixedCpu / elapsed:N0}; {mixedCpu * 1000 / Math.Max(1, accepted + pulledOps):F1} ms");
Row($"server CPU per 1,000 ops ingested (push only, {seconds / 2} s, {ingest.Ops:N0} ops{FailedNote(ingest)})", $"{ingest.CpuMs * 1000 / Math.Max(1, ingest.Ops):F1} ms ({ingestKernel * 100 / Math.Max(1, ingest.CpuMs):F0} % of it in the kernel; {ingest.CpuMs / Math.Max(1, ingest.Requests):F2} ms per push request)");
Row($"server CPU per 1,000 ops delivered (pull only, {seconds / 2} s, {deliver.Ops:N0} ops{FailedNote(deliver)})", $"{deliver.CpuMs * 1000 / Math.Max(1, deliver.Ops):F1} ms");
Row("load average (1, 5, 15 min) at the start / end", $"{loadAtStart} / {loadAtEnd}");
var failed = errors + ingest.Failures + deliver.Failures;
Row("failed requests (mixed / push only / pull only)", $"{failed} ({errors} / {ingest.Failures} / {deliver.Failures}){(failureCodes.IsEmpty ? "" : $": {string.Join(", ", failureCodes.OrderBy(c => c.Key).Select(c => $"{c.Key} × {c.Value}"))}")}");
Row("server peak RSS during load (MiB)", peakDuringLoad.ToString("F0", CultureInfo.InvariantCulture));
Row("server peak RSS overall (MiB)", peak.ToString("F0", CultureInfo.InvariantCulture));
Row($"no-op v2 pull, {stored:N0} stored ops (bytes / ms)", $"{noOpBytes:N0} / {noOpMs:F1}");
Row($"v1 data/block?items_per_block=16 (bytes / ms)", $"{v1BlockBytes:N0} / {v1BlockMs:F1}");
Row($"v2 blocks?itemsPerBlock=16 (bytes / ms)", $"{v2BlockBytes:N0} / {v2BlockMs:F1}");
Directory.Delete(dataDir, recursive: true);
PostgresCluster.StopIfStarted();
if (failed > 0)
{
    Console.WriteLine();
    Console.WriteLine($"{failed} requests failed: the rates and CPU per operation above count only the operations of requests that succeeded; this run is not a valid measurement.");
}

return failed == 0 ? 0 : 1;

// Every device runs one step in a loop for half the time; a step returns the ops it moved or null when its
// request failed. Returns the ops moved, the requests made and failed, and the server's CPU ms meanwhile.
async Task<PhaseResult> MeasureCpuAsync(Func<HttpClient, Task<int?>> step)
{
    long ops = 0, requests = 0, failures = 0;
    var before = ProcessCpu.Milliseconds(server.ProcessId);
    var until = DateTime.UtcNow + TimeSpan.FromSeconds(seconds / 2.0);
    await Task.WhenAll(Enumerable.Range(0, devices).Select(d => Task.Run(async () =>
    {
        using var client = Client(tokens[d % UsersCount]);
        while (DateTime.UtcNow < until)
        {
            var moved = await step(client);
            Interlocked.Increment(ref requests);
            if (moved is { } count)
            {
                Interlocked.Add(ref ops, count);
            }
            else
            {
                Interlocked.Increment(ref failures);
            }
        }
    })));
    return new PhaseResult(ops, requests, failures, ProcessCpu.Milliseconds(server.ProcessId) - before);
}

// Counts a failed request by its status code (printed with the figures) and tells the phase it moved nothing.
int? Failed(HttpResponseMessage response)
{
    failureCodes.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
    return null;
}

static string FailedNote(PhaseResult phase) => phase.Failures == 0 ? "" : $"; {phase.Failures:N0} of {phase.Requests:N0} requests FAILED";

static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} |");

static double Percentile(List<double> sorted, int p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

static double PeakRssMiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}

static async Task<(long Bytes, double Ms)> MeasureAsync(HttpClient client, string path)
{
    await client.GetByteArrayAsync(path);
    var t = Stopwatch.GetTimestamp();
    var bytes = await client.GetByteArrayAsync(path);
    return (bytes.Length, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One single-direction phase: operations moved, requests made and failed, the server's CPU milliseconds.</summary>
internal sealed record PhaseResult(long Ops, long Requests, long Failures, double CpuMs);
