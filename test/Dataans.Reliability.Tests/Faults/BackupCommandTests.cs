using System.Diagnostics;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// docs/operations.md §6 as written: <c>dataans-server backup DIR</c> taken while the server runs, more
/// notes and an attachment synced afterwards, then <c>dataans-server restore DIR --yes</c> into the
/// running deployment's stores. The server is not restarted: the rotated epochs reach the devices
/// through their event streams, they re-upload what the backup lacks, and a device joining afterwards
/// gets everything.
/// </summary>
public abstract class BackupCommandTests : ProxiedServerTest
{
    [Fact]
    public async Task RestoreIntoTheRunningServer_DevicesReuploadWhatTheBackupLacks()
    {
        var a = await Fleet.AddDeviceAsync(autoSync: true);
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Before the backup");
        await WriteNotesAsync(a, space.Id, "before", 40);
        await Fleet.AttachAsync(a, space.Id, 512 * 1024, "kept.bin");
        await WaitConvergedAsync();

        var backup = Path.Combine(Directory.CreateTempSubdirectory("dataans-backup-command-").FullName, "backup");
        try
        {
            var backedUp = await Server.AdminAsync("backup", backup);
            Assert.Contains("Backed up 1 users, ", backedUp, StringComparison.Ordinal);

            await WriteNotesAsync(a, space.Id, "after", 30);
            await Fleet.AttachAsync(a, space.Id, 512 * 1024, "lost.bin");
            var spaceOfB = await b.Store.CreateSpaceAsync("After the backup");
            await WriteNotesAsync(b, spaceOfB.Id, "from B", 20);
            await WaitConvergedAsync();
            var writtenByA = await Convergence.IdsAsync(a);
            var writtenByB = await Convergence.IdsAsync(b);
            var (rowsBefore, _) = await ServerCountsAsync();

            // Settled means each device follows the restored server's new epoch and synced after the restore: until a
            // device notices the restore, its files still count as uploaded from before, and it would look settled too early.
            var resultsBefore = Fleet.Devices.ToDictionary(device => device, device => device.Results.Count);
            var restored = Stopwatch.StartNew();
            var output = await Server.AdminAsync("restore", backup, "--yes");
            Assert.Contains("new epochs for 1 users", output, StringComparison.Ordinal);
            var (rowsRestored, _) = await ServerCountsAsync();
            Assert.True(rowsRestored < rowsBefore, $"the restore really went back: {rowsRestored} rows after it, {rowsBefore} before");

            var c = await Fleet.AddDeviceAsync(autoSync: true);
            await Eventually.WaitAsync(
                async () => (await Task.WhenAll(Fleet.Devices.Select(async device => (await device.Store.SyncLedger.ReadPositionAsync()).Epoch))).Distinct().Count() == 1,
                Deadline,
                "every device follows the restored server's epoch");
            await WaitConvergedAsync(resultsBefore);
            var converged = restored.Elapsed;

            Assert.True(Server.IsRunning);
            Assert.Contains(a.Results.Concat(b.Results), result => result.Repaired);
            Convergence.AssertAllFailuresClear(Fleet);
            await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA, [b] = writtenByB }, ServerCountsAsync);
            AssertServerLoggedNoError();
            Figures.Record("faults", $"{Backend}: restore command into the running server: operations it took back", rowsBefore - rowsRestored);
            Figures.Record("faults", $"{Backend}: restore command into the running server: converged (3 devices)", converged.TotalMilliseconds, "ms");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(backup)!, recursive: true);
        }
    }

    private protected abstract string Backend { get; }

    private static async Task WriteNotesAsync(FleetDevice device, Guid spaceId, string label, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await device.Store.CreateNoteAsync(spaceId, $"{label} {i}");
        }
    }
}

public sealed class SqliteBackupCommandTests : BackupCommandTests
{
    private protected override string Backend => "SQLite";
}

public sealed class PostgresBackupCommandTests : BackupCommandTests
{
    private string _database = null!;

    private protected override string Backend => "PostgreSQL";

    internal override Task<(long Rows, long Distinct)> ServerCountsAsync() => Convergence.PostgresServerCountsAsync(_database);

    protected override async Task<string[]> ServerArgsAsync()
    {
        _database = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync("backup_command");
        return ["--operations-store", "postgres", "--postgres", _database];
    }
}
