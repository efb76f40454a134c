using System.Diagnostics;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// A real dataans-server process storing files in S3 (s3rver) through a second loopback proxy that
/// refuses every connection to S3 for a while, then recovers. (Cutting S3 uploads part-way is not in
/// the test: s3rver then keeps a segment that fails the SDK's hash check at completion, so the file stays
/// at 500 — see the fault-test report; real S3 does not store a PUT cut short.)
/// </summary>
public sealed class S3OutageTests : ProxiedServerTest
{
    private LoopbackProxy _s3Proxy = null!;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _s3Proxy.DisposeAsync();
    }

    [Fact]
    public async Task S3UnavailableForAWhile_DevicesKeepTheirFilesRetryAndUploadAfterRecovery()
    {
        var a = await Fleet.AddDeviceAsync(autoSync: true);
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Scans");
        await WaitConvergedAsync();

        _s3Proxy.Refuse();
        var note = await Fleet.AttachAsync(a, space.Id, 2 * 1024 * 1024, "scan.pdf");
        await Eventually.WaitAsync(() => a.Failures.Count >= 3, Deadline, "device A failed three times while S3 refused");
        var localFile = a.Store.Files.Resolve(Assert.Single(note.Files).Path);
        Assert.True(File.Exists(localFile), "the device keeps its file while the upload fails");
        Assert.All(a.Failures, failure => Assert.StartsWith("Some files did not sync", failure.Message, StringComparison.Ordinal));
        var refused = _s3Proxy.FaultsInjected;

        var recovered = Stopwatch.StartNew();
        _s3Proxy.Pass();
        await WaitConvergedAsync();

        var longestWait = Backoff.AssertRetriesBackedOff(a, FaultFleet.FastRetry);
        Convergence.AssertAllFailuresClear(Fleet);
        await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = await Convergence.IdsAsync(a) }, ServerCountsAsync);
        Assert.True(refused > 0);
        AssertServerLoggedNoError();
        Assert.Contains(Server.Output, line => line.Contains("The file store is unavailable. On ", StringComparison.Ordinal));
        Figures.Record("faults", "S3 refusing connections injected", refused);
        Figures.Record("faults", "S3 refusing connections survived", refused);
        Figures.Record("faults", "S3 outage: failed syncs reported", a.Failures.Count);
        Figures.Record("faults", "S3 outage: longest backoff wait", longestWait.TotalMilliseconds, "ms");
        Figures.Record("faults", "S3 outage: converged after recovery", recovered.Elapsed.TotalMilliseconds, "ms");
    }

    protected override async Task<string[]> ServerArgsAsync()
    {
        var s3 = await S3rver.GetAsync();
        _s3Proxy = LoopbackProxy.Start(new Uri(s3.Endpoint).Port);
        var args = s3.ServerArgs();
        args[Array.IndexOf(args, "--s3-endpoint") + 1] = _s3Proxy.BaseAddress.AbsoluteUri.TrimEnd('/');
        return args;
    }
}
