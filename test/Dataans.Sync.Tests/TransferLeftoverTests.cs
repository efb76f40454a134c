using System.Security.Cryptography;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// What file transfers keep under <c>files/.sync</c>: a run removes the leftovers of files that are
/// settled (uploaded and on disk; older versions could leave a sealed upload behind when killed after
/// marking the file uploaded) or deleted (a note deleted while its attachment was half uploaded), and
/// keeps the partial transfer of a file it still needs, to resume it.
/// </summary>
public sealed class TransferLeftoverTests : ServerAndDevicesTest
{
    private static readonly string[] Suffixes = [".upload", ".upload.tmp", ".download", ".plain"];

    [Fact]
    public async Task LeftoversOfSettledFiles_AreRemovedByTheNextRun()
    {
        var a = await KeyedDeviceAsync();
        var space = await a.Store.CreateSpaceAsync("Work");
        var bytes = RandomNumberGenerator.GetBytes(40_000);
        var note = await a.Store.CreateNoteAsync(space.Id, "a file", [new AttachmentSource("f.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)))]);
        Assert.True((await a.SyncAsync()).Success);
        var file = Assert.Single((await a.Store.GetNoteAsync(note.Id)).Files);
        Assert.Equal(FileStatus.ExistAndUploaded, file.Status);

        var transfers = Path.Combine(a.Store.Files.Root, ".sync");
        foreach (var suffix in Suffixes)
        {
            await File.WriteAllBytesAsync(Path.Combine(transfers, file.Id.ToString("N") + suffix), RandomNumberGenerator.GetBytes(1_000));
        }

        var result = await a.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.Empty(Directory.GetFiles(transfers));
        await CrashedCli.AssertFilesFolderCleanAsync(a.Store, new Dictionary<string, byte[]> { ["f.bin"] = bytes });
    }

    [Fact]
    public async Task APartialDownloadOfAFileStillNeeded_IsResumedNotSwept()
    {
        var a = await KeyedDeviceAsync();
        var space = await a.Store.CreateSpaceAsync("Work");
        var bytes = RandomNumberGenerator.GetBytes(1_000_000);
        await a.Store.CreateNoteAsync(space.Id, "a large file", [new AttachmentSource("large.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)))]);
        Assert.True((await a.SyncAsync()).Success);

        var bRoot = CrashedCli.TempDirectory("dataans-leftover-");
        var key = await TestKeyAsync();
        await new ProfileStore(bRoot).SaveAsync(new UserProfile { ServerUrl = Server.BaseAddress, AuthMode = AuthMode.Token, AuthToken = Token, SecretKey = key, Passphrase = "Test-Pass-Phrase" });
        await CrashedCli.RunAsync(bRoot, "file.download.partial:1", "sync", "now");
        await using var b = await Device.OpenAsync(bRoot);
        var partial = Directory.GetFiles(Path.Combine(b.Store.Files.Root, ".sync"), "*.download")
            .Select(path => new FileInfo(path).Length).DefaultIfEmpty(0).Max();
        Assert.True(partial > 0, "the killed run left no partial download");

        var result = await b.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.True(result.FileBytes < bytes.Length, $"the run received {result.FileBytes} bytes for a {bytes.Length}-byte file it had {partial} bytes of: it started over");
        await CrashedCli.AssertFilesFolderCleanAsync(b.Store, new Dictionary<string, byte[]> { ["large.bin"] = bytes });
    }

    [Fact]
    public async Task TheSealedUploadOfAFileDeletedAfterAKilledRun_IsRemovedByTheNextRun()
    {
        var root = CrashedCli.TempDirectory("dataans-leftover-");
        Guid spaceId;
        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            spaceId = (await store.CreateSpaceAsync("Work")).Id;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await new ProfileStore(root).SaveAsync(new UserProfile { ServerUrl = Server.BaseAddress, AuthMode = AuthMode.Token, AuthToken = Token, SecretKey = await TestKeyAsync(), Passphrase = "Test-Pass-Phrase" });
        await CrashedCli.RunAsync(root, null, "sync", "now"); // the space and its avatar: the only file left to upload is the note's
        Note note;
        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            note = await store.CreateNoteAsync(spaceId, "a file", [new AttachmentSource("f.bin", _ => Task.FromResult<Stream>(new MemoryStream(RandomNumberGenerator.GetBytes(40_000))))]);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await CrashedCli.RunAsync(root, "file.upload.encrypted:1", "sync", "now");
        await using var a = await Device.OpenAsync(root);
        var transfers = Path.Combine(a.Store.Files.Root, ".sync");
        var fileId = Assert.Single(note.Files).Id;
        Assert.True(File.Exists(Path.Combine(transfers, fileId.ToString("N") + ".upload")), "the killed run left no sealed upload");
        Assert.Equal(1, await CrashedCli.ScalarAsync(a.Store, "SELECT count(*) FROM file_uploads"));
        await a.Store.DeleteNoteAsync(note.Id);

        var result = await a.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.Empty(Directory.GetFiles(transfers));
        Assert.Equal(0, await CrashedCli.ScalarAsync(a.Store, "SELECT count(*) FROM file_uploads"));
    }
}
