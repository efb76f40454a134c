// End-to-end benchmark of the sync engine against a dataans-server process (SQLite + folder); prints a table.
//   dotnet build -c Release bench/Dataans.Sync.Benchmarks
//   dotnet bench/Dataans.Sync.Benchmarks/bin/Release/net10.0/Dataans.Sync.Benchmarks.dll [--ops 100000] [--file-mib 1024] [--dir /tmp]
// Whole processes (`dataans sync now` per step; build src/Dataans.App in Release first):
//   dotnet bench/Dataans.Sync.Benchmarks/bin/Release/net10.0/Dataans.Sync.Benchmarks.dll --whole-process [--notes 10000]
//     [--app path/to/dataans.dll ...] [--rounds N]   (the new-device step N more times per build, the builds in turn)
// v2 (cursor pull, batched push) and the seed's v1 algorithm (block hashes every sync) run on the same
// server and history. The key is derived once with few iterations: no row includes key derivation.
using System.Diagnostics;
using System.Globalization;
using Dataans.Core.Crypto;
using Dataans.Core.Export;
using Dataans.Core.Operations;
using Dataans.Core.Sync;
using Dataans.Sync.Benchmarks;

if (args.Length > 0 && args[0] == MeasuredChild.Flag)
{
    return await MeasuredChild.WrapAsync(args);
}

if (args.Contains("--whole-process"))
{
    var apps = args.Select((arg, i) => (arg, i)).Where(pair => pair.arg == "--app" && pair.i + 1 < args.Length).Select(pair => Path.GetFullPath(args[pair.i + 1])).ToList();
    return await WholeProcess.RunAsync(Option("--notes", 10_000), apps, Option("--rounds", 0));
}

var operations = Option("--ops", 100_000);
var fileMiB = Option("--file-mib", 1024);
var dir = args.SkipWhile(arg => arg != "--dir").Skip(1).FirstOrDefault() ?? Path.GetTempPath();
var random = new Random(20261127);
var table = new Table();

await using var server = await ServerProcess.StartAsync("--Logging:LogLevel:Default=Warning");
var key = await KeyDerivation.DeriveKeyAsync("bench password", "Bench-Pass-Phrase", 1_000);
var token = await server.AddUserAsync("history");

// 1. A large attachment round trip first, while the process is small (another user than the history below).
var file = await FileRoundTrip.RunAsync(server, key, fileMiB, dir);
table.FileRows(file);

// 2. One device writes the history and pushes it once.
await using var seed = await BenchDevice.CreateAsync("seed", server.BaseAddress, token, key);
var written = Stopwatch.StartNew();
var notes = await History.WriteAsync(seed.Store, operations, random);
var (total, _) = await seed.Store.SyncLedger.CountOperationsAsync();
var writeSeconds = written.Elapsed.TotalSeconds;
var push = await seed.SyncAsync();
table.Note($"history: {total:N0} operations ({notes.Count:N0} notes) written locally in {writeSeconds:F1} s, pushed in {push.Elapsed.TotalSeconds:F1} s "
    + $"({push.Pushed / push.Elapsed.TotalSeconds:N0} ops/s, {push.Requests} requests, {Table.Bytes(push.BytesOnWire)})");

// 3. No-op sync on the device that is up to date.
var noOpV2 = await seed.SyncAsync();
var noOpV1 = await seed.SyncAsync(SyncProtocol.V1);
table.Row("no-op sync: requests", noOpV2.Requests, noOpV1.Requests, "1", noOpV2.Requests == 1);
table.Row("no-op sync: bytes on the wire", Table.Bytes(noOpV2.BytesOnWire), Table.Bytes(noOpV1.BytesOnWire), "≤ 1 KB", noOpV2.BytesOnWire <= 1024);
table.Row("no-op sync: time", Table.Ms(noOpV2), Table.Ms(noOpV1), string.Empty, null);

// 4. A new device bootstraps the whole history (v2 on one device, v1 on another).
await using var fresh = await BenchDevice.CreateAsync("fresh", server.BaseAddress, token, key);
var (bootV2, peakV2) = await Memory.ProfileAsync(() => fresh.SyncAsync());
await using var freshV1 = await BenchDevice.CreateAsync("fresh-v1", server.BaseAddress, token, key);
var (bootV1, peakV1) = await Memory.ProfileAsync(() => freshV1.SyncAsync(SyncProtocol.V1));
var rateV2 = bootV2.Pulled / bootV2.Elapsed.TotalSeconds;
var rateV1 = bootV1.Pulled / bootV1.Elapsed.TotalSeconds;
table.Row($"bootstrap {total:N0} ops: ops/s", rateV2.ToString("N0", CultureInfo.InvariantCulture), rateV1.ToString("N0", CultureInfo.InvariantCulture), "≥ 20,000", rateV2 >= 20_000);
table.Row("bootstrap: time", Table.Ms(bootV2), Table.Ms(bootV1), string.Empty, null);
table.Row("bootstrap: requests / bytes on the wire", $"{bootV2.Requests} / {Table.Bytes(bootV2.BytesOnWire)}", $"{bootV1.Requests} / {Table.Bytes(bootV1.BytesOnWire)}", string.Empty, null);
table.Row("bootstrap: client peak working set", peakV2.ToString(), peakV1.ToString(), "≤ 120 MiB", peakV2.PeakMiB <= 120);
var lastPage = fresh.Stages["Receiving"].Last;
var verified = fresh.Stages.TryGetValue("Verifying", out var verifying) ? verifying.First : lastPage;
table.Row("bootstrap stages: pages pulled and applied / anti-entropy and the rest", $"{lastPage.TotalMilliseconds:N0} ms / {(bootV2.Elapsed - verified).TotalMilliseconds:N0} ms", string.Empty, string.Empty, null);
var (pull, decode, apply, count) = await BootstrapBreakdown.RunAsync(server.BaseAddress, token, key);
table.Row("bootstrap breakdown: pull pages (HTTP + JSON)", $"{pull.TotalMilliseconds:N0} ms ({count / pull.TotalSeconds:N0} ops/s)", string.Empty, string.Empty, null);
table.Row("bootstrap breakdown: decrypt + verify", $"{decode.TotalMilliseconds:N0} ms ({count / decode.TotalSeconds:N0} ops/s)", string.Empty, string.Empty, null);
table.Row("bootstrap breakdown: apply to the store", $"{apply.TotalMilliseconds:N0} ms ({count / apply.TotalSeconds:N0} ops/s)", string.Empty, string.Empty, null);

// 5. A delta of 10 operations: the fresh device edits 10 notes and pushes; the seed device pulls them.
foreach (var (label, protocol, plainJson) in new[] { ("v2", SyncProtocol.V2, false), ("v2 plain JSON", SyncProtocol.V2, true), ("v1", SyncProtocol.V1, false) })
{
    for (var i = 0; i < 10; i++)
    {
        await fresh.Store.UpdateNoteAsync(notes[random.Next(notes.Count)], History.Text(random));
    }

    var outbox = await fresh.Store.SyncLedger.ReadOutboxAsync(100);
    var checksums = new OperationChecksum(key);
    var ciphertext = outbox.Sum(logged => (long)OperationCodec.Encode(key, checksums, logged, keyed: true).Data.Length);
    var sent = await fresh.SyncAsync(protocol, plainJson);
    var received = await seed.SyncAsync(protocol, plainJson);
    table.Delta(label, outbox.Count, ciphertext, sent, received);
}

table.FinishDeltas();
var converged = (await StateReader.ReadAsync(seed.Store)).ToJson() == (await StateReader.ReadAsync(fresh.Store)).ToJson()
    && (await StateReader.ReadAsync(freshV1.Store)).Spaces.Count == (await StateReader.ReadAsync(seed.Store)).Spaces.Count;
table.Note($"after the deltas the seed and fresh devices export identical state: {(converged ? "yes" : "NO")}");

Console.WriteLine($"Sync engine benchmark, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
table.Print();
return converged && file.BytesEqual ? 0 : 1;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
