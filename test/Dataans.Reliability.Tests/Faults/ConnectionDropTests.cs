using System.Diagnostics;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// Connections between the devices and a real dataans-server process broken by the loopback proxy:
/// responses reset part-way (pulls, downloads), requests cut part-way (pushes, uploads), connections
/// refused, and seeded random drops while two devices keep writing.
/// </summary>
public sealed class ConnectionDropTests : ProxiedServerTest
{
    [Fact]
    public async Task ResponsesResetMidBody_PullsAndDownloadsRetryAndResume()
    {
        var a = await Fleet.AddDeviceAsync();
        var space = await a.Store.CreateSpaceAsync("Many");
        await WriteNotesAsync(a, space.Id, 300);
        await Fleet.AttachAsync(a, space.Id, 3 * 1024 * 1024, "photo.raw");
        Assert.True((await a.TrySyncAsync()).Success);
        var writtenByA = await Convergence.IdsAsync(a);

        var b = await Fleet.AddDeviceAsync();
        Proxy.ResetResponsesAfter(8 * 1024);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Convergence.AssertClearFailure(await b.TrySyncAsync());
        }

        // Now the operations come through, but every download breaks after 64 KiB of the file.
        Proxy.ResetResponsesAfter(64 * 1024, "GET /v2/files/");
        var downloadFailure = await b.TrySyncAsync();
        Convergence.AssertClearFailure(downloadFailure);
        Assert.Contains("broke during a download", downloadFailure.Message, StringComparison.Ordinal);
        var partial = Directory.GetFiles(Path.Combine(b.Store.Files.Root, ".sync"), "*.download").Sum(path => new FileInfo(path).Length);
        var injected = Proxy.FaultsInjected;
        var recovered = Stopwatch.StartNew();
        Proxy.Pass();
        await a.StartAutoSyncAsync(FaultFleet.FastRetry);
        await b.StartAutoSyncAsync(FaultFleet.FastRetry);
        await WaitConvergedAsync();

        Assert.True(partial > 0, "the partial download was kept to resume from");
        await AssertSurvivedAsync(new() { [a] = writtenByA });
        Figures.Record("faults", "response reset mid-body injected", injected);
        Figures.Record("faults", "response reset mid-body survived", injected);
        Figures.Record("faults", "response reset mid-body: partial download kept for resume", partial, "B");
        Figures.Record("faults", "response reset mid-body: converged after recovery", recovered.Elapsed.TotalMilliseconds, "ms");
    }

    [Fact]
    public async Task RequestsCutMidBody_PushesAndUploadsRetryWithBackoffAndConverge()
    {
        var a = await Fleet.AddDeviceAsync();
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Outgoing");
        await WriteNotesAsync(a, space.Id, 300);
        await Fleet.AttachAsync(a, space.Id, 2 * 1024 * 1024, "video.bin");
        var writtenByA = await Convergence.IdsAsync(a);

        Proxy.CutRequestsAfter(16 * 1024);
        await a.StartAutoSyncAsync(FaultFleet.FastRetry);
        await Eventually.WaitAsync(() => a.Failures.Count >= 4, Deadline, "device A failed and retried four times");
        var injected = Proxy.FaultsInjected;
        var recovered = Stopwatch.StartNew();
        Proxy.Pass();
        await WaitConvergedAsync();

        var longestWait = Backoff.AssertRetriesBackedOff(a, FaultFleet.FastRetry);
        await AssertSurvivedAsync(new() { [a] = writtenByA });
        Figures.Record("faults", "request cut mid-body injected", injected);
        Figures.Record("faults", "request cut mid-body survived", injected);
        Figures.Record("faults", "request cut mid-body: longest backoff wait", longestWait.TotalMilliseconds, "ms");
        Figures.Record("faults", "request cut mid-body: converged after recovery", recovered.Elapsed.TotalMilliseconds, "ms");
    }

    [Fact]
    public async Task RefusedThenRandomDropsWhileTwoDevicesWrite_EverythingConverges()
    {
        var a = await Fleet.AddDeviceAsync(autoSync: true);
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        Proxy.Refuse();
        var spaceA = await a.Store.CreateSpaceAsync("A's");
        var spaceB = await b.Store.CreateSpaceAsync("B's");
        await Eventually.WaitAsync(() => a.Failures.Count >= 2 && b.Failures.Count >= 2, Deadline, "both devices were refused twice");
        var refused = Proxy.FaultsInjected;

        Proxy.DropRandomly(0.08);
        await Fleet.AttachAsync(a, spaceA.Id, 1024 * 1024, "a.bin");
        await Fleet.AttachAsync(b, spaceB.Id, 1024 * 1024, "b.bin");
        for (var round = 0; round < 40 && Proxy.FaultsInjected - refused < 25; round++)
        {
            await a.Store.CreateNoteAsync(spaceA.Id, $"A round {round}");
            await b.Store.CreateNoteAsync(spaceB.Id, $"B round {round}");
            var results = a.Results.Count + b.Results.Count;
            await Eventually.WaitAsync(() => a.Results.Count + b.Results.Count > results, Deadline, "a sync attempt while connections drop");
        }

        var dropped = Proxy.FaultsInjected - refused;
        var writtenByA = await Convergence.IdsAsync(a);
        var writtenByB = await Convergence.IdsAsync(b);
        var recovered = Stopwatch.StartNew();
        Proxy.Pass();
        await WaitConvergedAsync();

        Assert.True(dropped >= 10, $"only {dropped} connections dropped: the fault did not really happen");
        await AssertSurvivedAsync(new() { [a] = writtenByA, [b] = writtenByB });
        Figures.Record("faults", "connections refused injected", refused);
        Figures.Record("faults", "connections refused survived", refused);
        Figures.Record("faults", "random connection drops (seed 7, p 0.08 per chunk) injected", dropped);
        Figures.Record("faults", "random connection drops (seed 7, p 0.08 per chunk) survived", dropped);
        Figures.Record("faults", "random connection drops: failed syncs reported", a.Failures.Count + b.Failures.Count);
        Figures.Record("faults", "random connection drops: converged after recovery", recovered.Elapsed.TotalMilliseconds, "ms");
    }

    private static async Task WriteNotesAsync(FleetDevice device, Guid spaceId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await device.Store.CreateNoteAsync(spaceId, $"note {i}: " + new string('y', 300));
        }
    }

    private async Task AssertSurvivedAsync(Dictionary<FleetDevice, HashSet<Guid>> written)
    {
        Convergence.AssertAllFailuresClear(Fleet);
        await Convergence.AssertConvergedAsync(Fleet, written, ServerCountsAsync);
        AssertServerLoggedNoError();
    }
}
