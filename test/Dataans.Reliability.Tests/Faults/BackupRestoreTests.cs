using System.Diagnostics;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// The out-of-process variant of SyncScenarioTests.ServerRestoredFromOlderBackup_ClientsReuploadWhatItLost:
/// a real server's data folder copied while it is stopped, more notes and an attachment synced after the
/// copy, then the server killed, the old copy put back, the epoch rotated as docs/operations.md says (or,
/// as an operator may forget, not), and the server started again. The devices must re-upload what the
/// server lost, operations and files; a device that joins afterwards must get everything.
/// </summary>
public sealed class BackupRestoreTests : ProxiedServerTest
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerRestoredFromOlderBackup_DevicesReuploadLostOperationsAndFiles(bool rotateEpoch)
    {
        var a = await Fleet.AddDeviceAsync(autoSync: true);
        var b = await Fleet.AddDeviceAsync(autoSync: true);
        var space = await a.Store.CreateSpaceAsync("Before the backup");
        await WriteNotesAsync(a, space.Id, "before", 40);
        await Fleet.AttachAsync(a, space.Id, 1024 * 1024, "kept.bin");
        await WaitConvergedAsync();

        var backup = Directory.CreateTempSubdirectory("dataans-server-backup-").FullName;
        try
        {
            Server.Kill();
            CopyFolder(Server.DataDir, backup);
            await Server.RestartAsync();

            await WriteNotesAsync(a, space.Id, "after", 30);
            await Fleet.AttachAsync(a, space.Id, 1024 * 1024, "lost.bin");
            var spaceOfB = await b.Store.CreateSpaceAsync("After the backup");
            await WriteNotesAsync(b, spaceOfB.Id, "from B", 20);
            await WaitConvergedAsync();
            var writtenByA = await Convergence.IdsAsync(a);
            var writtenByB = await Convergence.IdsAsync(b);
            var (rowsBefore, _) = await ServerCountsAsync();

            Server.Kill();
            Directory.Delete(Server.DataDir, recursive: true);
            CopyFolder(backup, Server.DataDir);
            var (rowsRestored, _) = await ServerCountsAsync();
            if (rotateEpoch)
            {
                await Server.AdminAsync("epoch", "rotate", "alice");
            }

            // Settled means each device synced after the restore (and so saw it): before that, its files still count
            // as uploaded from before, until it notices the server's loss and checks them again.
            var resultsBefore = Fleet.Devices.ToDictionary(device => device, device => device.Results.Count);
            var restored = Stopwatch.StartNew();
            await Server.RestartAsync();

            var c = await Fleet.AddDeviceAsync(autoSync: true);
            await WaitConvergedAsync(resultsBefore);
            var converged = restored.Elapsed;

            Assert.Contains(a.Results.Concat(b.Results), result => result.Repaired);
            Convergence.AssertAllFailuresClear(Fleet);
            await Convergence.AssertConvergedAsync(Fleet, new Dictionary<FleetDevice, HashSet<Guid>> { [a] = writtenByA, [b] = writtenByB }, ServerCountsAsync);
            Assert.True(rowsRestored < rowsBefore, "the restored copy really was older");
            AssertServerLoggedNoError();

            var fault = rotateEpoch ? "server restored from an older backup (epoch rotated)" : "server restored from an older backup (epoch not rotated)";
            Figures.Record("faults", fault + " injected", 1);
            Figures.Record("faults", fault + " survived", 1);
            Figures.Record("faults", fault + ": operations the server lost", rowsBefore - rowsRestored);
            Figures.Record("faults", fault + ": converged after restart (3 devices)", converged.TotalMilliseconds, "ms");
        }
        finally
        {
            Directory.Delete(backup, recursive: true);
        }
    }

    private static async Task WriteNotesAsync(FleetDevice device, Guid spaceId, string label, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await device.Store.CreateNoteAsync(spaceId, $"{label} {i}");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
