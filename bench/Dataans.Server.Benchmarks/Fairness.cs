using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Sync;

/// <summary>
/// One user floods (maximal v1 pushes, maximal v2 pushes, hundreds of event streams) while another
/// user pushes 10 operations and pulls them back in a loop; prints the other user's latencies alone and
/// under the flood, on SQLite and on PostgreSQL. Timing goals live here, not in tests.
/// </summary>
internal static class Fairness
{
    private const int VictimBatch = 10;

    /// <summary>
    /// The other user syncs as a busy device would: a push and a pull every 25 ms (80 requests per second),
    /// well inside the per-user rate, so its latencies are answers, not its own 429s.
    /// </summary>
    private static readonly TimeSpan VictimPace = TimeSpan.FromMilliseconds(25);

    public static async Task<int> RunAsync(string[] args, Func<string, int, int> option)
    {
        var seconds = option("--seconds", 20);
        var flooders = option("--flooders", 6);
        var streams = option("--streams", 300);
        var v1Ops = option("--v1-ops", 50_000);
        Console.WriteLine($"Fairness: one user floods ({flooders} loops of {v1Ops:N0}-operation v1 pushes, 1,000-operation v2 pushes and pulls, {streams} event streams) " +
            $"while another pushes {VictimBatch} operations and pulls them every {VictimPace.TotalMilliseconds} ms, {seconds} s per phase; {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| store | phase | other user's push p50 / p99 / max (ms) | other user's pull p50 / p99 / max (ms) | other user's requests | flooder ops stored | flooder 429s | streams open / refused |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");

        var cluster = await PostgresCluster.GetAsync();
        var failures = 0;
        foreach (var store in new[] { "sqlite", "postgres" })
        {
            var dataDir = Directory.CreateTempSubdirectory("dataans-fairness-").FullName;
            string[] storage = store == "sqlite"
                ? ["--data-dir", dataDir]
                : ["--data-dir", dataDir, "--operations-store", "postgres", "--postgres", await cluster.CreateDatabaseAsync("fairness")];
            var victimToken = await ServerExecutable.AddUserAsync("victim", storage);
            var flooderToken = await ServerExecutable.AddUserAsync("flooder", storage);
            var server = await ServerProcess.StartAsync(["--Logging:LogLevel:Default=Warning", $"--Limits:MaxOpsPerV1Push={Math.Max(v1Ops, 1000)}", .. storage]);
            try
            {
                using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2048 };
                var baseAddress = server.BaseAddress;
                var alone = await VictimAsync(Client(handler, baseAddress, victimToken), TimeSpan.FromSeconds(seconds), CancellationToken.None);
                Print(store, "alone", alone, null);

                using var stopFlood = new CancellationTokenSource();
                var flood = new FloodStats();
                var flooding = FloodAsync(handler, baseAddress, flooderToken, flooders, streams, v1Ops, flood, stopFlood.Token);
                await flood.Started.Task;
                var underFlood = await VictimAsync(Client(handler, baseAddress, victimToken), TimeSpan.FromSeconds(seconds), CancellationToken.None);
                await stopFlood.CancelAsync();
                await flooding;
                Print(store, "one user flooding", underFlood, flood);
                failures += underFlood.Failures;
            }
            finally
            {
                await server.DisposeAsync();
                Directory.Delete(dataDir, recursive: true);
            }
        }

        PostgresCluster.StopIfStarted();
        return failures == 0 ? 0 : 1;
    }

    private static HttpClient Client(HttpMessageHandler handler, Uri baseAddress, string token)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<VictimStats> VictimAsync(HttpClient client, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stats = new VictimStats();
        long cursor = (await client.GetFromJsonAsync("v2/ops?after=0&limit=1", V2JsonContext.Default.PullResponse, cancellationToken))!.Head;
        var stop = Stopwatch.StartNew();
        using var pace = new PeriodicTimer(VictimPace);
        while (stop.Elapsed < duration && await pace.WaitForNextTickAsync(cancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            using (var push = await client.PostAsJsonAsync("v2/ops", new PushRequest { Ops = [.. Enumerable.Range(0, VictimBatch).Select(_ => NewOp(200))] },
                V2JsonContext.Default.PushRequest, cancellationToken))
            {
                stats.Push.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                stats.Failures += push.IsSuccessStatusCode ? 0 : 1;
            }

            started = Stopwatch.GetTimestamp();
            using (var pull = await client.GetAsync($"v2/ops?after={cursor}", cancellationToken))
            {
                stats.Pull.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (pull.IsSuccessStatusCode)
                {
                    var page = (await pull.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse, cancellationToken))!;
                    cursor = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
                }
                else
                {
                    stats.Failures++;
                }
            }
        }

        return stats;
    }

    private static async Task FloodAsync(HttpMessageHandler handler, Uri baseAddress, string token, int loops, int streams, int v1Ops, FloodStats stats, CancellationToken cancellationToken)
    {
        using var client = Client(handler, baseAddress, token);
        var open = new List<HttpResponseMessage>();
        await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "v2/events");
            request.Headers.Accept.ParseAdd("text/event-stream");
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
            lock (open)
            {
                open.Add(response);
            }
        }));
        stats.StreamsOpen = open.Count(r => r.StatusCode == HttpStatusCode.OK);
        stats.StreamsRefused = open.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        stats.Started.SetResult();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, loops).Select(loop => Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (loop % 3 == 2)
                    {
                        await PullAsync(client, stats, cancellationToken); // cheap requests, as fast as they are answered
                        continue;
                    }

                    var v1 = loop % 3 == 0;
                    var count = v1 ? v1Ops : 1000;
                    using HttpContent body = v1 ? V1Body(count) : JsonContent.Create(new PushRequest { Ops = [.. Enumerable.Range(0, count).Select(_ => NewOp(300))] }, V2JsonContext.Default.PushRequest);
                    try
                    {
                        using var response = await client.PostAsync(v1 ? "data/operation" : "v2/ops", body, cancellationToken);
                        if (response.StatusCode == HttpStatusCode.TooManyRequests)
                        {
                            Interlocked.Increment(ref stats.Refused);
                        }
                        else if (response.IsSuccessStatusCode)
                        {
                            Interlocked.Add(ref stats.Stored, count);
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                    }
                }
            })));
        }
        finally
        {
            open.ForEach(response => response.Dispose());
        }
    }

    private static async Task PullAsync(HttpClient client, FloodStats stats, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync("v2/ops?after=0&limit=1", cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref stats.Refused);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A v1 push as the original client sends it: byte fields as number arrays, about 1.3 KB of JSON per operation.</summary>
    private static StringContent V1Body(int count)
    {
        var json = new StringBuilder(count * 1400).Append('[');
        for (var i = 0; i < count; i++)
        {
            var op = NewOp(300);
            json.Append(i == 0 ? "" : ",").Append("{\"id\":\"").Append(op.Id).Append("\",\"createdAt\":\"").Append(op.CreatedAt)
                .Append("\",\"data\":[").AppendJoin(',', op.Data).Append("],\"checksum\":[").AppendJoin(',', op.Checksum).Append("]}");
        }

        return new StringContent(json.Append(']').ToString(), Encoding.UTF8, "application/json");
    }

    private static long _clock = Timestamp.Parse("2025-01-01T00:00:00Z").UnixNanoseconds;

    private static PushOperation NewOp(int size) => new()
    {
        Id = Guid.NewGuid(),
        CreatedAt = new Timestamp(Interlocked.Add(ref _clock, 1000)),
        Data = RandomNumberGenerator.GetBytes(size),
        Checksum = RandomNumberGenerator.GetBytes(32),
    };

    private static void Print(string store, string phase, VictimStats victim, FloodStats? flood)
    {
        victim.Push.Sort();
        victim.Pull.Sort();
        Console.WriteLine($"| {store} | {phase} | {Describe(victim.Push)} | {Describe(victim.Pull)} | {victim.Push.Count + victim.Pull.Count:N0} ({victim.Failures} failed) | " +
            $"{(flood is null ? "-" : flood.Stored.ToString("N0", CultureInfo.InvariantCulture))} | {(flood is null ? "-" : flood.Refused.ToString(CultureInfo.InvariantCulture))} | " +
            $"{(flood is null ? "-" : $"{flood.StreamsOpen} / {flood.StreamsRefused}")} |");
    }

    private static string Describe(List<double> sorted) =>
        sorted.Count == 0 ? "-" : $"{Percentile(sorted, 50):F1} / {Percentile(sorted, 99):F1} / {sorted[^1]:F0}";

    private static double Percentile(List<double> sorted, int p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    private sealed class VictimStats
    {
        public List<double> Push { get; } = [];

        public List<double> Pull { get; } = [];

        public int Failures { get; set; }
    }

    private sealed class FloodStats
    {
        public long Stored;
        public int Refused;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int StreamsOpen { get; set; }

        public int StreamsRefused { get; set; }
    }
}
