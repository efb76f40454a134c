using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// A real dataans-server process (SQLite + folder store unless <see cref="ServerArgsAsync"/> says otherwise),
/// a <see cref="LoopbackProxy"/> in front of it, and a fleet of devices that reach the server only through the proxy.
/// </summary>
public abstract class ProxiedServerTest : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    internal ServerProcess Server { get; private set; } = null!;

    internal LoopbackProxy Proxy { get; private set; } = null!;

    internal FaultFleet Fleet { get; private set; } = null!;

    internal string Token { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(await ServerArgsAsync());
        Token = await Server.AddUserAsync("alice");
        Proxy = LoopbackProxy.Start(Server.Port);
        Fleet = await FaultFleet.CreateAsync(Proxy.BaseAddress, Token);
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            await Fleet.DisposeAsync();
        }
        finally
        {
            // Even when a device fails to stop, the server process and the proxy must not outlive the test.
            await Proxy.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    /// <summary>Extra dataans-server arguments (storage backends).</summary>
    protected virtual Task<string[]> ServerArgsAsync() => Task.FromResult(Array.Empty<string>());

    /// <summary>Waits until every device holds the same operations and files, nothing pending, and its last run succeeded.</summary>
    /// <param name="syncedAfter">
    /// Per device, how many results it had at a moment (such as a server restart): converged also needs a successful
    /// sync after it, so that a device that has not yet seen the change does not count as settled.
    /// </param>
    internal async Task WaitConvergedAsync(IReadOnlyDictionary<FleetDevice, int>? syncedAfter = null)
    {
        try
        {
            await Eventually.WaitAsync(async () => (await DescribeAsync(syncedAfter)).Converged, Deadline, "every device holds the same operations and files, nothing pending, last sync successful");
        }
        catch (TimeoutException timeout)
        {
            var serverErrors = Server.Output.Where(line => ServerProcess.IsErrorLine(line) || line.StartsWith("      ", StringComparison.Ordinal)).TakeLast(12);
            throw new TimeoutException(timeout.Message + "; " + (await DescribeAsync(syncedAfter)).States + "; runs: " + DescribeRuns(syncedAfter)
                + "; server: " + string.Join('\n', serverErrors), timeout);
        }
    }

    /// <summary>Each device's runs since its mark (or its last three), with their times: which device saw what, and when.</summary>
    private string DescribeRuns(IReadOnlyDictionary<FleetDevice, int>? syncedAfter) => string.Join(" | ", Fleet.Devices.Select((device, index) =>
    {
        var results = device.Results.ToList();
        var since = syncedAfter is not null && syncedAfter.TryGetValue(device, out var before) ? before : Math.Max(0, results.Count - 3);
        return $"device {index}: " + string.Join("; ", results.Skip(since).Select(result => $"{result.FinishedAt:HH:mm:ss.fff} {result.Message}"));
    }));

    private async Task<(bool Converged, string States)> DescribeAsync(IReadOnlyDictionary<FleetDevice, int>? syncedAfter)
    {
        var totals = new HashSet<long>();
        var converged = true;
        var states = new List<string>();
        foreach (var device in Fleet.Devices)
        {
            var (total, pending) = await device.Store.SyncLedger.CountOperationsAsync();
            var filesLeft = (await device.Store.FileSyncLedger.ReadFilesAsync()).Count(file => !file.IsUploaded);
            var last = device.Results.LastOrDefault();
            var syncedSince = syncedAfter is null || !syncedAfter.TryGetValue(device, out var before) || device.Results.Skip(before).Any(result => result.Success);
            converged &= pending == 0 && filesLeft == 0 && last is { Success: true } && syncedSince;
            totals.Add(total);
            states.Add($"{total} ops, {pending} pending, {filesLeft} files not synced, last: {last?.Message}");
        }

        return (converged && totals.Count == 1, string.Join(" | ", states));
    }

    /// <summary>
    /// The server logged no error: each "fail:" line is shown with the lines that follow it. Kestrel's own
    /// event 67 ("automatic draining of the request body failed … Reading is already in progress"), which it
    /// logs when a connection is reset while a body read is pending, is not counted: it comes from Kestrel,
    /// not from a handler, and the request had already failed for the client (reported as an open question).
    /// </summary>
    internal void AssertServerLoggedNoError()
    {
        var lines = Server.Output.ToList();
        var failures = lines.Select((line, index) => (line, index))
            .Where(item => ServerProcess.IsErrorLine(item.line)
                && !(item.line.Contains("Kestrel[67]", StringComparison.Ordinal) && lines.ElementAtOrDefault(item.index + 1)?.Contains("automatic draining", StringComparison.Ordinal) == true))
            .Select(item => string.Join('\n', lines.Skip(item.index).Take(4))).ToList();
        Assert.True(failures.Count == 0, string.Join("\n---\n", failures));
    }

    /// <summary>The server's operation rows and distinct ids (SQLite server); override for other stores.</summary>
    internal virtual Task<(long Rows, long Distinct)> ServerCountsAsync() => Convergence.SqliteServerCountsAsync(Server.DataDir);
}
