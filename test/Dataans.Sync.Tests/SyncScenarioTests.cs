using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>Two or more devices through a real dataans-server (SQLite + folder) on Kestrel.</summary>
public sealed class SyncScenarioTests : ServerAndDevicesTest
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task SecondDevice_GetsNotesAndAttachment_AndEditsFlowBack()
    {
        var first = await NewDeviceAsync();
        var (profile, generated) = await first.Account.SignInAsync(Server.BaseAddress, Token, Password, null);
        Assert.True(generated);
        Assert.Equal(5, profile.Passphrase.Split('-').Length);
        var space = await first.Store.CreateSpaceAsync("Work");
        var attachment = Path.Combine(first.Root, "report.bin");
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(attachment, bytes);
        var note = await first.Store.CreateNoteAsync(space.Id, "東京で会議 at 10", [AttachmentSource.FromPath(attachment)]);
        var pushed = await first.SyncAsync();
        Assert.True(pushed.Pushed >= 5);
        Assert.Equal(2, pushed.FilesUploaded); // the avatar and the attachment

        var second = await NewDeviceAsync();
        await second.Account.SignInAsync(Server.BaseAddress, Token, Password, profile.Passphrase);
        var pulled = await second.SyncAsync();

        Assert.Equal(await first.ExportAsync(), await second.ExportAsync());
        var copy = await second.Store.GetNoteAsync(note.Id);
        var file = Assert.Single(copy.Files);
        Assert.Equal(FileStatus.ExistAndUploaded, file.Status);
        Assert.Equal(bytes.Length, file.Size); // `note list --json` shows it, although sync recorded no size
        Assert.Equal(bytes, await File.ReadAllBytesAsync(second.Store.Files.Resolve(file.Path)!));
        Assert.Equal(2, pulled.FilesDownloaded);

        await second.Store.UpdateNoteAsync(note.Id, "moved to 11");
        await second.SyncAsync();
        await first.SyncAsync();
        Assert.Equal("moved to 11", (await first.Store.GetNoteAsync(note.Id)).Text);
    }

    [Fact]
    public async Task WrongPassphrase_IsRefused_BeforeAnythingIsWritten()
    {
        var first = await NewDeviceAsync();
        await first.Account.SignInAsync(Server.BaseAddress, Token, Password, "Amber-Falcon-Quiet-River-Stone");
        var second = await NewDeviceAsync();
        await second.Store.CreateSpaceAsync("Local only");
        var before = await second.ExportAsync();

        var error = await Assert.ThrowsAsync<SyncException>(() => second.Account.SignInAsync(Server.BaseAddress, Token, Password, "Amber-Falcon-Quiet-River-Stones"));

        Assert.Equal(SyncFailure.WrongKey, error.Failure);
        Assert.Contains("passphrase", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await second.Profiles.LoadAsync());
        Assert.Equal(before, await second.ExportAsync());
    }

    [Fact]
    public async Task RejectedToken_AndUnreachableServer_GiveClearSentences()
    {
        var device = await NewDeviceAsync();

        var rejected = await Assert.ThrowsAsync<SyncException>(() => device.Account.SignInAsync(Server.BaseAddress, "not-a-token", Password, null));
        var unreachable = await Assert.ThrowsAsync<SyncException>(() => device.Account.SignInAsync(new Uri($"http://127.0.0.1:{Processes.FreePort()}/"), Token, Password, null));

        Assert.Equal(SyncFailure.Unauthorized, rejected.Failure);
        Assert.Contains("does not know this token", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(SyncFailure.Unreachable, unreachable.Failure);
        Assert.Contains("cannot be reached", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoOpSync_IsOneSmallRequest()
    {
        var device = await KeyedDeviceAsync();
        await device.Store.CreateSpaceAsync("Work");
        await device.SyncAsync();

        var result = await device.SyncAsync();

        Assert.Equal(1, result.Requests);
        Assert.True(result.BytesOnWire <= 1024, $"{result.BytesOnWire} bytes");
    }

    [Fact]
    public async Task ConcurrentEdits_LaterWins_AndLoserIsAConflictOnBothDevices()
    {
        var key = await TestKeyAsync();
        var a = await KeyedDeviceAsync(key);
        var b = await KeyedDeviceAsync(key);
        var space = await a.Store.CreateSpaceAsync("Shared");
        var note = await a.Store.CreateNoteAsync(space.Id, "v1");
        await a.SyncAsync();
        await b.SyncAsync();

        await a.Store.UpdateNoteAsync(note.Id, "edit from A");
        await b.Store.UpdateNoteAsync(note.Id, "edit from B");
        await a.SyncAsync();
        await b.SyncAsync();
        await a.SyncAsync();

        foreach (var device in new[] { a, b })
        {
            var current = await device.Store.GetNoteAsync(note.Id);
            Assert.Equal("edit from B", current.Text);
            Assert.True(current.HasConflict);
            Assert.Equal("edit from A", Assert.Single(await device.Store.GetHistoryAsync(note.Id), version => version.IsConflict).Text);
        }
    }

    [Fact]
    public async Task AlteredOperationOnServer_IsQuarantined_AndTheRestSyncs()
    {
        var key = await TestKeyAsync();
        var a = await KeyedDeviceAsync(key);
        var space = await a.Store.CreateSpaceAsync("Work");
        await a.Store.CreateNoteAsync(space.Id, "will be altered");
        await a.SyncAsync();
        await TamperLastOperationAsync();
        await a.Store.CreateNoteAsync(space.Id, "fine");
        await a.SyncAsync();

        var b = await KeyedDeviceAsync(key);
        var result = await b.Engine.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.Equal(1, result.Quarantined);
        Assert.EndsWith("; 1 operation could not be read and was set aside", result.Message, StringComparison.Ordinal);
        Assert.Contains(await b.Store.ListNotesAsync(space.Id), note => note.Text == "fine");
        Assert.Single(await b.Store.SyncLedger.ReadQuarantineAsync());
    }

    [Fact]
    public async Task ServerRestoredFromOlderBackup_ClientsReuploadWhatItLost()
    {
        var key = await TestKeyAsync();
        var a = await KeyedDeviceAsync(key);
        var space = await a.Store.CreateSpaceAsync("Work");
        await a.SyncAsync();
        var backup = await BackupServerDataAsync();
        await a.Store.CreateNoteAsync(space.Id, "written after the backup");
        await a.SyncAsync();

        await RestoreServerDataAsync(backup);
        var (code, _, stderr) = await Server.AdminAsync(["epoch", "rotate", "alice"]);
        Assert.True(code == 0, stderr);
        var repaired = await a.SyncAsync();

        Assert.True(repaired.Repaired);
        var b = await KeyedDeviceAsync(key);
        await b.SyncAsync();
        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
    }

    [Fact]
    public async Task ServerRestoredWithoutEpochRotate_ADeviceBackAfterAnotherRefilledTheLog_StillNotices()
    {
        var (a, b, space) = await TwoSyncedDevicesAsync();
        var backup = await BackupServerDataAsync();
        await a.Store.CreateNoteAsync(space.Id, "written after the backup");
        await a.SyncAsync();
        await b.SyncAsync();

        await RestoreServerDataAsync(backup); // no epoch rotate: an operator's own copy put back
        var refilled = await b.SyncAsync(); // b's cursor is past the head: it notices and re-sends what was lost
        Assert.True(refilled.Repaired);
        using var client = new SyncHttpClient(Server.BaseAddress, AuthMode.Token, Token);
        var (cursorOfA, epochOfA) = await a.Store.SyncLedger.ReadPositionAsync();
        var server = await client.PullAsync(0, 1);
        Assert.Equal(cursorOfA, server.Head); // the log is as long as a knows it: the head alone cannot tell a
        Assert.NotEqual(epochOfA, server.Epoch); // b's cursor made the server rotate the epoch

        var back = await a.SyncAsync();

        Assert.NotNull(back.Verification); // a compared its operations with the server's (and re-checks its files)
        Assert.Equal(server.Epoch, (await a.Store.SyncLedger.ReadPositionAsync()).Epoch);
        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
    }

    [Fact]
    public async Task ServerRestoredWithoutEpochRotate_ADeviceThatWasBehindRefillsTheSeqsFirst_TheOneAheadStillNotices()
    {
        var (ahead, behind, space) = await TwoSyncedDevicesAsync();
        var backup = await BackupServerDataAsync();
        await ahead.Store.CreateNoteAsync(space.Id, "written after the backup"); // its cursor comes from its own push
        await ahead.SyncAsync();

        await RestoreServerDataAsync(backup); // no epoch rotate
        for (var i = 0; i < 5; i++)
        {
            await behind.Store.CreateNoteAsync(space.Id, $"written on the device that was behind {i}");
        }

        await behind.SyncAsync(); // its cursor is the restored head: nothing looks wrong to it, and its pushes take the lost seqs
        using var client = new SyncHttpClient(Server.BaseAddress, AuthMode.Token, Token);
        var (cursorOfAhead, epochOfAhead) = await ahead.Store.SyncLedger.ReadPositionAsync();
        var server = await client.PullAsync(0, 1);
        Assert.True(server.Head >= cursorOfAhead, $"head {server.Head}, cursor {cursorOfAhead}: the head alone cannot tell"); // the race
        Assert.Equal(epochOfAhead, server.Epoch);

        var back = await ahead.SyncAsync(); // another operation at its cursor: the server rotates the epoch

        Assert.NotNull(back.Verification);
        await behind.SyncAsync();
        Assert.Equal(await ahead.ExportAsync(), await behind.ExportAsync());
        Assert.Equal(6, (await ahead.Store.ListNotesAsync(space.Id)).Count);
    }

    [Fact]
    public async Task EpochRotated_AFileDownloadedInTheSameRunBeforeTheRecheck_EndsTheRunOnBothSides()
    {
        var (writer, reader, space) = await TwoSyncedDevicesAsync();
        var attachment = Path.Combine(writer.Root, "plan.bin");
        await File.WriteAllBytesAsync(attachment, System.Security.Cryptography.RandomNumberGenerator.GetBytes(20_000));
        await writer.Store.CreateNoteAsync(space.Id, "with a file", [AttachmentSource.FromPath(attachment)]);
        await writer.SyncAsync();
        var (code, _, stderr) = await Server.AdminAsync(["epoch", "rotate", "alice"]);
        Assert.True(code == 0, stderr);

        // One run: the new epoch resets the cursor, the pull from 0 downloads the file, anti-entropy runs, and every
        // file is then checked against the server again (a restored server may have lost files).
        var run = await reader.SyncAsync();

        Assert.NotNull(run.Verification);
        Assert.Equal(1, run.FilesDownloaded);
        var files = await reader.Store.FileSyncLedger.ReadFilesAsync();
        Assert.All(files, file => Assert.True(file.IsUploaded, $"file {file.Id} is not marked on both sides after the run"));
    }

    [Fact]
    public async Task EpochRotated_AFileTheServerLacks_IsCountedOnce_ThoughTheRecheckAsksForItAgain()
    {
        var (writer, reader, space) = await TwoSyncedDevicesAsync(); // the reader's cursor belongs to an epoch the rotation below voids
        var attachment = Path.Combine(writer.Root, "lost.bin");
        await File.WriteAllBytesAsync(attachment, System.Security.Cryptography.RandomNumberGenerator.GetBytes(20_000));
        var note = await writer.Store.CreateNoteAsync(space.Id, "with a file the server loses", [AttachmentSource.FromPath(attachment)]);
        await writer.SyncAsync();
        var fileId = Assert.Single(note.Files).Id;
        File.Delete(Assert.Single(Directory.GetFiles(Server.DataDir, fileId.ToString("D"), SearchOption.AllDirectories)));
        var (code, _, stderr) = await Server.AdminAsync(["epoch", "rotate", "alice"]);
        Assert.True(code == 0, stderr);

        // The pull asks for the file (404), then the re-check after the new epoch asks for it once more (404 again).
        var run = await reader.SyncAsync();

        Assert.NotNull(run.Verification);
        Assert.False(Assert.Single(await reader.Store.FileSyncLedger.ReadFilesAsync(fileId)).IsUploaded);
        Assert.Equal(1, run.FilesAwaited);
        Assert.Contains("; 1 file not on the server yet", run.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRestoredAfterManyBlocks_MatchesTheBlocksBeforeTheBackup_AndReuploadsOnlyTheTail()
    {
        var key = await TestKeyAsync();
        var a = await KeyedDeviceAsync(key);
        var space = await a.Store.CreateSpaceAsync("Work");
        for (var i = 0; i < 120; i++)
        {
            await a.Store.CreateNoteAsync(space.Id, $"before the backup {i}");
        }

        await a.SyncAsync();
        var atBackup = (await a.Store.SyncLedger.ReadOrderedDigestsAsync()).Count;
        var backup = await BackupServerDataAsync();
        for (var i = 0; i < 25; i++)
        {
            await a.Store.CreateNoteAsync(space.Id, $"after the backup {i}");
        }

        await a.SyncAsync();
        var total = (await a.Store.SyncLedger.ReadOrderedDigestsAsync()).Count;
        await RestoreServerDataAsync(backup);
        var (code, _, stderr) = await Server.AdminAsync(["epoch", "rotate", "alice"]);
        Assert.True(code == 0, stderr);

        var repaired = await a.SyncAsync();

        Assert.True(repaired.Repaired);
        // Anti-entropy compared the blocks while the log streamed past: the ones before the backup match, only the tail is sent.
        var report = repaired.Verification!;
        Assert.True(atBackup / 16 >= 7, report.Describe());
        Assert.Equal(atBackup / 16, report.MatchingBlocks);
        Assert.Equal(total, report.LocalOperations);
        Assert.Equal(atBackup, report.ServerOperations);
        Assert.Equal((total + 16 - 1) / 16, report.Blocks);
        Assert.Equal(total - atBackup, report.SentToServer);
        Assert.Equal(0, report.AppliedHere);
        var verified = (await a.SyncAsync(new SyncOptions(Verify: true))).Verification!;
        Assert.Equal(verified.Blocks, verified.MatchingBlocks);
        Assert.Equal(total, verified.ServerOperations);
    }

    [Fact]
    public async Task SeedProtocolV1_ConvergesWithV2Devices()
    {
        var key = await TestKeyAsync();
        var a = await KeyedDeviceAsync(key);
        var b = await KeyedDeviceAsync(key);
        var space = await a.Store.CreateSpaceAsync("Work");
        await a.Store.CreateNoteAsync(space.Id, "from v2");
        await a.SyncAsync();

        await b.SyncAsync(new SyncOptions(SyncProtocol.V1));
        await b.Store.CreateNoteAsync(space.Id, "from v1");
        await b.SyncAsync(new SyncOptions(SyncProtocol.V1));
        await a.SyncAsync();

        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
        var again = await b.SyncAsync(new SyncOptions(SyncProtocol.V1));
        Assert.Equal(0, again.Pulled + again.Pushed);
    }

    private async Task TamperLastOperationAsync()
    {
        var database = Directory.GetFiles(Server.DataDir, "*.sqlite*", SearchOption.AllDirectories).First(path => path.EndsWith(".sqlite", StringComparison.Ordinal));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE operations SET data = randomblob(length(data)) WHERE seq = (SELECT max(seq) FROM operations)";
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Two devices with the test key, a space written on the first, both synced.</summary>
    private async Task<(Device First, Device Second, Space Space)> TwoSyncedDevicesAsync()
    {
        var key = await TestKeyAsync();
        var first = await KeyedDeviceAsync(key);
        var second = await KeyedDeviceAsync(key);
        var space = await first.Store.CreateSpaceAsync("Work");
        await first.SyncAsync();
        await second.SyncAsync();
        return (first, second, space);
    }

    /// <summary>A copy of the server's operations (an operator's own backup, not <c>dataans-server backup</c>), in a new folder.</summary>
    private async Task<string> BackupServerDataAsync()
    {
        var target = Directory.CreateTempSubdirectory("dataans-backup-").FullName;
        await using var connection = await OpenServerDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"VACUUM INTO '{Path.Combine(target, "backup.sqlite")}'";
        await command.ExecuteNonQueryAsync();
        return target;
    }

    private async Task RestoreServerDataAsync(string backup)
    {
        await using var connection = await OpenServerDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            ATTACH '{Path.Combine(backup, "backup.sqlite")}' AS old;
            DELETE FROM main.operations;
            INSERT INTO main.operations SELECT * FROM old.operations;
            UPDATE main.users SET head = (SELECT head FROM old.users WHERE old.users.name = main.users.name);
            """;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<Microsoft.Data.Sqlite.SqliteConnection> OpenServerDatabaseAsync()
    {
        var database = Directory.GetFiles(Server.DataDir, "*.sqlite", SearchOption.AllDirectories).First();
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }
}
