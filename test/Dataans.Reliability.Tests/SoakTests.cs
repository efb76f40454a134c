using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Issue 7, item 6: 20 devices of one user in auto mode edit at random for DATAANS_SOAK_MINUTES (10 by
/// default) against a server process on PostgreSQL + s3rver → once they stop, auto sync alone brings
/// them to one state (same export, every operation everywhere exactly once, same attachment bytes), the
/// server's memory stays flat after warm-up and it logs no error.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DeviceCount = 20;
    private const int Seed = 20_261_127;
    /// <summary>
    /// A gross bound on RSS: it also moves with memory the runtime keeps committed (15–16 % in two quiet
    /// CI runs whose live heap did not grow), so the leak check is <see cref="MaxLiveHeapGrowthBytes"/>.
    /// </summary>
    private const double MaxGrowthPercent = 25;

    /// <summary>How much the live managed heap may grow from the end of the warm-up window to the end of the edits.</summary>
    private const long MaxLiveHeapGrowthBytes = 8 * 1024 * 1024;

    private readonly List<Device> _devices = [];
    private readonly List<AutoSync> _autos = [];
    private ServerProcess _server = null!;
    private string _postgres = null!;

    private static double Minutes => double.TryParse(Environment.GetEnvironmentVariable("DATAANS_SOAK_MINUTES"), CultureInfo.InvariantCulture, out var minutes) ? minutes : 10;

    public async Task InitializeAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        _postgres = await cluster.CreateDatabaseAsync("soak");
        var s3 = await S3rver.GetAsync();
        _server = await ServerProcess.StartAsync(["--operations-store", "postgres", "--postgres", _postgres, .. s3.ServerArgs()]);
    }

    public async Task DisposeAsync()
    {
        foreach (var auto in _autos)
        {
            await auto.DisposeAsync();
        }

        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TwentyDevicesInAutoMode_EditForMinutes_ConvergeWithFlatServerMemoryAndNoErrors()
    {
        var duration = TimeSpan.FromMinutes(Minutes);
        var token = await _server.AddUserAsync("soak");
        var key = await KeyDerivation.DeriveKeyAsync("soak password", "Test-Pass-Phrase", 1_000);
        var syncs = new SyncLog();
        for (var i = 0; i < DeviceCount; i++)
        {
            var device = await Device.CreateAsync();
            _devices.Add(device);
            await device.UseKeyAsync(_server.BaseAddress, token, key);
            await device.Account.SetModeAsync(SyncMode.Auto);
            syncs.Follow(i, device.Engine);
        }

        foreach (var device in _devices)
        {
            var auto = new AutoSync(device.Engine, device.Store, device.Profiles);
            _autos.Add(auto);
            auto.Start();
        }

        // Edit phase: every device edits every 1–3 s while the server's RSS is sampled.
        var editors = _devices.Select((device, i) => new Editor(device.Store, Seed + i)).ToList();
        var memory = new ResidentMemory();
        using var stopSampling = new CancellationTokenSource();
        var interval = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 120, 1, 5));
        var sampling = memory.SampleAsync(_server.ResidentBytes, interval, stopSampling.Token);
        var clock = Stopwatch.StartNew();
        var liveAfterWarmUp = Task.Run(async () =>
        {
            await Task.Delay(duration * 0.3); // the end of the RSS warm-up window below, so its forced collection lands between the two windows
            return await LiveHeap.MeasureAsync(_server.ProcessId);
        });
        await Task.WhenAll(editors.Select(editor => Task.Run(async () =>
        {
            while (true)
            {
                var pause = editor.NextPause();
                if (clock.Elapsed + pause >= duration)
                {
                    return;
                }

                await Task.Delay(pause);
                await editor.EditAsync(CancellationToken.None);
            }
        })));
        var edited = clock.Elapsed;
        await stopSampling.CancelAsync();
        await sampling;
        var liveStart = await liveAfterWarmUp;
        var liveEnd = await LiveHeap.MeasureAsync(_server.ProcessId);

        // Settle: no more edits; auto sync (push notifications, debounce, backoff) must bring everyone level.
        var profile = (await _devices[0].Account.LoadProfileAsync())!;
        var settled = await Convergence.WaitAsync(_devices, profile, TimeSpan.FromMinutes(3), lagging => DescribeFailures(syncs, lagging));

        var warmUp = duration * 0.2;
        var window = duration * 0.1;
        var (afterWarmUp, end, growth) = memory.Growth(warmUp, window);
        var edits = editors.Sum(editor => editor.Edits);
        output.WriteLine($"{DeviceCount} devices, {edited.TotalMinutes:F1} min of edits: {edits} edits ({editors.Sum(e => e.Raced)} lost a race with a delete), " +
            $"{syncs.Syncs} syncs ({syncs.Failed} failed), settled {settled.TotalSeconds:F1} s after the last edit; machine load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"server RSS: mean of {window.TotalSeconds:F0} s after {warmUp.TotalSeconds:F0} s warm-up {afterWarmUp / 1048576:F1} MiB, " +
            $"mean of the last {window.TotalSeconds:F0} s {end / 1048576:F1} MiB, growth {growth:F1} %");
        output.WriteLine("server RSS samples (MiB): " + memory.Describe());
        output.WriteLine($"server live managed heap (dotnet-gcdump, after a full collection): {liveStart / 1048576.0:F1} MiB at {duration.TotalSeconds * 0.3:F0} s, {liveEnd / 1048576.0:F1} MiB after the edits");
        foreach (var (message, count) in syncs.MostFrequent(10))
        {
            output.WriteLine($"failed sync ×{count}: {message}");
        }

        var operations = await SoakChecks.AssertSameStateEverywhereAsync(_devices, editors, _postgres);
        var errors = _server.ErrorLines();
        foreach (var entry in ServerErrorEntries(5))
        {
            output.WriteLine("server error: " + entry);
        }

        Figures.Record("soak", "devices", DeviceCount);
        Figures.Record("soak", "minutes", Math.Round(edited.TotalMinutes, 1));
        Figures.Record("soak", "edits", edits);
        Figures.Record("soak", "operations", operations);
        Figures.Record("soak", "syncs", syncs.Syncs);
        Figures.Record("soak", "failed syncs", syncs.Failed);
        Figures.Record("soak", "seconds to converge after the last edit", Math.Round(settled.TotalSeconds, 1), "s");
        Figures.Record("soak", "server RSS after warm-up", Math.Round(afterWarmUp / 1048576, 1), "MiB");
        Figures.Record("soak", "server RSS at end", Math.Round(end / 1048576, 1), "MiB");
        Figures.Record("soak", "memory growth %", Math.Round(growth, 1), "%");
        Figures.Record("soak", "live heap after warm-up", Math.Round(liveStart / 1048576.0, 1), "MiB");
        Figures.Record("soak", "live heap at end", Math.Round(liveEnd / 1048576.0, 1), "MiB");
        Figures.Record("soak", "error log lines", errors.Count);
        Figures.Record("soak", "storage failures answered 503 (warnings)", _server.Output.Count(line => line.Contains(" unavailable. On ", StringComparison.Ordinal)));

        Assert.Empty(errors);
        Assert.True(liveEnd - liveStart <= MaxLiveHeapGrowthBytes,
            $"The server's live heap grew from {liveStart / 1048576.0:F1} to {liveEnd / 1048576.0:F1} MiB after warm-up (bound +{MaxLiveHeapGrowthBytes / 1048576} MiB): something is kept per request.");
        Assert.True(growth <= MaxGrowthPercent, $"The server's resident memory grew {growth:F1} % after warm-up (bound {MaxGrowthPercent} %).");
    }

    /// <summary>
    /// What a run that does not settle adds to its failure: who failed last and why, what the server logged as errors,
    /// and its last lines about the file the lagging device lacks.
    /// </summary>
    private string DescribeFailures(SyncLog syncs, string lagging)
    {
        var file = Regex.Match(lagging, "file ([0-9a-f-]{36})") is { Success: true } match ? match.Groups[1].Value : null;
        var fileLines = file is null ? [] : _server.Output.Where(line => line.Contains(file, StringComparison.OrdinalIgnoreCase) || line.Contains(file.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)).TakeLast(15);
        return syncs.DescribeFailingDevices()
            + string.Concat(syncs.MostFrequent(5).Select(failure => $"\nfailed sync ×{failure.Count}: {failure.Message}"))
            + string.Concat(ServerErrorEntries(3).Select(entry => "\nserver error: " + entry))
            + string.Concat(fileLines.Select(line => "\nserver on the file: " + line));
    }

    /// <summary>The server's first error entries, each with the lines after it (its exception).</summary>
    private IEnumerable<string> ServerErrorEntries(int count)
    {
        var errors = _server.ErrorLines().ToHashSet();
        var lines = _server.Output.ToList();
        return Enumerable.Range(0, lines.Count).Where(i => errors.Contains(lines[i])).Take(count)
            .Select(at => string.Join("\n  ", lines.Skip(at).Take(12)));
    }
}
