using System.Diagnostics;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// A device that keeps writing notes while the server cannot be reached: each note asks for a sync (after
/// the debounce), each of those fails at once, and none of them may stretch the device's backoff, or a
/// short outage would leave it many minutes from its next try once the server is back.
/// </summary>
public sealed class OfflineWritesTests : ProxiedServerTest
{
    private const int NotesWrittenOffline = 12;

    /// <summary>
    /// A backoff whose cap (10 min) is far beyond the test's deadline: had the twelve failures after the notes
    /// counted, the next try would be 2^12 s away, capped at 10 min (at least 5 with the jitter).
    /// </summary>
    private static readonly AutoSyncOptions LongCap = FaultFleet.FastRetry with
    {
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromMinutes(10),
    };

    /// <summary>
    /// A retry planned a minute or more after the first failure (beyond the test's deadline), and a push channel
    /// that tries to reopen every half second at most.
    /// </summary>
    private static readonly AutoSyncOptions SlowRetryQuickReconnect = FaultFleet.FastRetry with
    {
        InitialBackoff = TimeSpan.FromMinutes(2),
        MaxBackoff = TimeSpan.FromMinutes(10),
        MaxReconnectWait = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task AfterAnOutage_ThePushChannelReopening_SyncsTheNotesWrittenMeanwhile_BeforeThePlannedRetry()
    {
        var (a, spaceId) = await SyncedThenCutOffAsync("Outage", SlowRetryQuickReconnect);
        await WriteAndAwaitATryAsync(a, spaceId, "written during the outage");

        var writtenByA = await Convergence.IdsAsync(a);
        var back = Stopwatch.StartNew();
        Proxy.Pass();
        await WaitConvergedAsync(); // within 45 s, where the planned retry is 60–120 s after the first failure
        var converged = back.Elapsed;

        Backoff.AssertRetriesBackedOff(a, SlowRetryQuickReconnect);
        Convergence.AssertAllFailuresClear(Fleet);
        await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA }, ServerCountsAsync);
        AssertServerLoggedNoError();
        Figures.Record("faults", "an outage with the next retry planned a minute away: synced after the server was back", converged.TotalMilliseconds, "ms");
    }

    [Fact]
    public async Task NotesWrittenWhileTheServerIsUnreachable_DoNotStretchTheBackoff_AndSyncSoonAfterItIsBack()
    {
        var (a, spaceId) = await SyncedThenCutOffAsync("Offline", LongCap);
        for (var i = 0; i < NotesWrittenOffline; i++)
        {
            await WriteAndAwaitATryAsync(a, spaceId, $"written offline {i}");
        }

        var failedOffline = a.Failures.Count;
        var writtenByA = await Convergence.IdsAsync(a);
        var back = Stopwatch.StartNew();
        Proxy.Pass();
        await WaitConvergedAsync();
        var converged = back.Elapsed;

        Assert.True(failedOffline > NotesWrittenOffline, $"only {failedOffline} tries failed: the notes did not each ask for a sync");
        Backoff.AssertRetriesBackedOff(a, LongCap, earlyAllowed: NotesWrittenOffline);
        Convergence.AssertAllFailuresClear(Fleet);
        await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA }, ServerCountsAsync);
        AssertServerLoggedNoError();

        Figures.Record("faults", "notes written while the server was unreachable: failed tries", failedOffline);
        Figures.Record("faults", "notes written while the server was unreachable: converged after it was back", converged.TotalMilliseconds, "ms");
    }

    /// <summary>A device that synced once, then auto sync started while the proxy refuses every connection, until its first try failed.</summary>
    private async Task<(FleetDevice Device, Guid SpaceId)> SyncedThenCutOffAsync(string spaceName, AutoSyncOptions options)
    {
        var device = await Fleet.AddDeviceAsync();
        var space = await device.Store.CreateSpaceAsync(spaceName);
        Assert.True((await device.TrySyncAsync()).Success);

        Proxy.Refuse();
        await device.StartAutoSyncAsync(options);
        await Eventually.WaitAsync(() => device.Failures.Count >= 1, Deadline, "the first automatic try failed");
        return (device, space.Id);
    }

    /// <summary>Writes a note and waits until the sync it asks for has run (and failed, the server being out of reach).</summary>
    private static async Task WriteAndAwaitATryAsync(FleetDevice device, Guid spaceId, string text)
    {
        var tries = device.Results.Count;
        await device.Store.CreateNoteAsync(spaceId, text);
        await Eventually.WaitAsync(() => device.Results.Count > tries, Deadline, $"a try after the note '{text}'");
    }
}
