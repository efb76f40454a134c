using System.Diagnostics;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// dataans-server (a real process, SQLite + folder store) killed with SIGKILL at exact points of the
/// traffic, seen by a loopback proxy between the devices and the server: in the middle of a large push,
/// after a push committed but before its answer reached the device, and part-way into a multi-MB upload.
/// </summary>
public sealed class ServerKilledTests : ProxiedServerTest
{
    [Fact]
    public async Task KilledMidPushAndAfterCommit_DevicesRetryAndConvergeWithoutLossOrDuplicates()
    {
        var a = await Fleet.AddDeviceAsync();
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Bulk");
        for (var i = 0; i < 450; i++)
        {
            await a.Store.CreateNoteAsync(space.Id, $"note {i}: " + new string('x', 200));
        }

        var writtenByA = await Convergence.IdsAsync(a);

        // 1. SIGKILL while the first batch (200 operations) is half-way through the request body.
        var midRequest = Proxy.When("POST /v2/ops", 24 * 1024, Server.Kill);
        Convergence.AssertClearFailure(await a.TrySyncAsync());
        await midRequest.Fired;
        await Server.RestartAsync();

        // 2. SIGKILL once a push committed and its answer is on the way back: the device never hears "accepted".
        var afterCommit = Proxy.When("POST /v2/ops", 0, Server.Kill, inResponse: true);
        await a.StartAutoSyncAsync(FaultFleet.FastRetry);
        await afterCommit.Fired;
        await Eventually.WaitAsync(() => a.Results.Skip(a.AutoSyncFrom).Count(r => !r.Success) >= 2, Deadline, "device A retried against the dead server");
        var restarted = Stopwatch.StartNew();
        await Server.RestartAsync();

        var spaceOfB = await b.Store.CreateSpaceAsync("From B");
        await b.Store.CreateNoteAsync(spaceOfB.Id, "written on B while the server was down");
        var writtenByB = await Convergence.IdsAsync(b);
        await WaitConvergedAsync();
        var converged = restarted.Elapsed;

        var failures = Convergence.AssertAllFailuresClear(Fleet);
        var longestWait = Backoff.AssertRetriesBackedOff(a, FaultFleet.FastRetry);
        await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA, [b] = writtenByB },
            ServerCountsAsync);
        Assert.Equal(2, Server.Kills);
        AssertServerLoggedNoError();

        Figures.Record("faults", "server killed during a push injected", 2);
        Figures.Record("faults", "server killed during a push survived", 2);
        Figures.Record("faults", "server killed during a push: failed syncs reported", failures);
        Figures.Record("faults", "server killed during a push: longest backoff wait", longestWait.TotalMilliseconds, "ms");
        Figures.Record("faults", "server killed during a push: converged after restart", converged.TotalMilliseconds, "ms");
    }

    [Fact]
    public async Task KilledPartWayIntoAnUpload_UploadResumesAndTheFileArrivesIntact()
    {
        var a = await Fleet.AddDeviceAsync();
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Files");
        var note = await Fleet.AttachAsync(a, space.Id, 6 * 1024 * 1024, "scan.bin");
        var fileId = Assert.Single(note.Files).Id;
        var writtenByA = await Convergence.IdsAsync(a);

        // 2 MiB of the PUT are let through; the server is killed once it has written 512 KiB of them to its part file.
        var midUpload = Proxy.When("PUT /v2/files/" + fileId, 2 * 1024 * 1024, () => KillOnceServerHolds(fileId, 512 * 1024));
        var failed = await a.TrySyncAsync();
        await midUpload.Fired;
        Convergence.AssertClearFailure(failed);
        Assert.True(File.Exists(a.Store.Files.Resolve(note.Files[0].Path)), "the device keeps its file");

        var restarted = Stopwatch.StartNew();
        await Server.RestartAsync();
        var kept = await ServerUploadOffsetAsync(fileId);
        Assert.InRange(kept, 512 * 1024, 2 * 1024 * 1024);
        await a.StartAutoSyncAsync(FaultFleet.FastRetry);
        await WaitConvergedAsync();
        var converged = restarted.Elapsed;

        var resumed = a.Results.Skip(a.AutoSyncFrom).Where(r => r.Success).Sum(r => r.FileBytes);
        Assert.True(resumed < 6 * 1024 * 1024, $"{resumed} bytes sent after the restart: the upload started over instead of resuming");
        Convergence.AssertAllFailuresClear(Fleet);
        await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA },
            ServerCountsAsync);
        AssertServerLoggedNoError();

        Figures.Record("faults", "server killed during an upload injected", 1);
        Figures.Record("faults", "server killed during an upload survived", 1);
        Figures.Record("faults", "server killed during an upload: bytes the server kept", kept, "B");
        Figures.Record("faults", "server killed during an upload: bytes sent after restart", resumed, "B");
        Figures.Record("faults", "server killed during an upload: converged after restart", converged.TotalMilliseconds, "ms");
    }

    /// <summary>Waits (in the proxy, so no more bytes reach the server) until the server's part file has <paramref name="bytes"/>, then SIGKILL.</summary>
    private void KillOnceServerHolds(Guid fileId, long bytes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Directory.GetFiles(Server.DataDir, fileId.ToString("D") + ".part", SearchOption.AllDirectories) is var parts
            && (parts.Length == 0 || new FileInfo(parts[0]).Length < bytes))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The server did not write {bytes} bytes of the upload within 20 s.");
            }

            Thread.Sleep(10); // polling the condition from the proxy's thread, which must hold the connection meanwhile
        }

        Server.Kill();
    }

    private async Task<long> ServerUploadOffsetAsync(Guid fileId)
    {
        var token = (await Fleet.Devices[0].Device.Profiles.LoadAsync())!.AuthToken;
        using var client = Server.Client(token);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/files/{fileId}"));
        return response.Headers.TryGetValues("Upload-Offset", out var values) ? long.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
