using System.Diagnostics;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// A real dataans-server process on its own PostgreSQL cluster, which crashes (immediate stop: every
/// backend killed, no checkpoint) just as a push reaches the server, and comes back a little later.
/// </summary>
public sealed class PostgresRestartTests : ProxiedServerTest
{
    private DedicatedPostgres _postgres = null!;
    private string _database = null!;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task PostgresCrashesDuringASync_DevicesReportRetryAndConvergeAfterItRestarts()
    {
        var a = await Fleet.AddDeviceAsync();
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Database down");
        for (var i = 0; i < 450; i++)
        {
            await a.Store.CreateNoteAsync(space.Id, $"note {i}: " + new string('z', 200));
        }

        await Fleet.AttachAsync(a, space.Id, 512 * 1024, "notes.bin");
        var writtenByA = await Convergence.IdsAsync(a);

        // The crash happens while the first push is on its way in: the server finds its database gone.
        var crash = Proxy.When("POST /v2/ops", 0, _postgres.Crash, thenPass: true);
        var failed = await a.TrySyncAsync();
        await crash.Fired;
        Convergence.AssertClearFailure(failed);

        await a.StartAutoSyncAsync(FaultFleet.FastRetry);
        var spaceOfB = await b.Store.CreateSpaceAsync("From B");
        await b.Store.CreateNoteAsync(spaceOfB.Id, "written on B while the database was down");
        var writtenByB = await Convergence.IdsAsync(b);
        await Eventually.WaitAsync(() => a.Failures.Count >= 3 && b.Failures.Count >= 1, Deadline, "both devices failed while PostgreSQL was down");
        var restarted = Stopwatch.StartNew();
        await _postgres.StartAgainAsync();
        await WaitConvergedAsync();
        var converged = restarted.Elapsed;

        var failures = Convergence.AssertAllFailuresClear(Fleet);
        var longestWait = Backoff.AssertRetriesBackedOff(a, FaultFleet.FastRetry);
        await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA, [b] = writtenByB }, ServerCountsAsync);
        Assert.Equal(1, _postgres.Crashes);
        Assert.True(Server.IsRunning, "the server survived its database going away");
        AssertServerLoggedNoError();
        Assert.Contains(Server.Output, line => line.Contains("The database is unavailable. On ", StringComparison.Ordinal));

        Figures.Record("faults", "PostgreSQL crashed during a sync injected", 1);
        Figures.Record("faults", "PostgreSQL crashed during a sync survived", 1);
        Figures.Record("faults", "PostgreSQL crashed during a sync: failed syncs reported", failures);
        Figures.Record("faults", "PostgreSQL crashed during a sync: longest backoff wait", longestWait.TotalMilliseconds, "ms");
        Figures.Record("faults", "PostgreSQL crashed during a sync: converged after restart", converged.TotalMilliseconds, "ms");
    }

    internal override Task<(long Rows, long Distinct)> ServerCountsAsync() => Convergence.PostgresServerCountsAsync(_database);

    protected override async Task<string[]> ServerArgsAsync()
    {
        _postgres = await DedicatedPostgres.StartAsync();
        _database = await _postgres.CreateDatabaseAsync("faults");
        return ["--operations-store", "postgres", "--postgres", _database.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal)];
    }
}
