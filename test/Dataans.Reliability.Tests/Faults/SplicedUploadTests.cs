using System.Security.Cryptography;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// Two devices hold the same file and the server lost it (a restored backup). Device A's re-upload is
/// cut part-way; device B then resumes the upload from the server's offset. B's bytes must continue
/// A's exactly — files are sealed with a content-derived header — or a third device would receive a
/// spliced file that fails authentication.
/// </summary>
public sealed class SplicedUploadTests : ProxiedServerTest
{
    [Fact]
    public async Task UploadResumedByAnotherDevice_GivesAnIntactFile()
    {
        var a = await Fleet.AddDeviceAsync();
        var space = await a.Store.CreateSpaceAsync("Shared");
        await Fleet.AttachAsync(a, space.Id, 3 * 1024 * 1024, "scan.bin");
        Assert.True((await a.TrySyncAsync()).Success);
        var b = await Fleet.AddDeviceAsync();
        var downloaded = await b.TrySyncAsync();
        Assert.True(downloaded.Success, downloaded.Message);
        Assert.Equal(2, downloaded.FilesDownloaded); // the space avatar and the attachment

        foreach (var file in Directory.GetFiles(Path.Combine(Server.DataDir, "files"), "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        Proxy.CutRequestsAfter(512 * 1024, "PUT /v2/files/");
        var cut = await a.Device.Engine.SyncAsync(new SyncOptions(Verify: true));
        Assert.False(cut.Success);
        var partial = Directory.GetFiles(Path.Combine(Server.DataDir, "files"), "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path).Length).DefaultIfEmpty(0).Max();
        Assert.True(partial > 0, "the server kept part of A's upload");

        Proxy.Pass();
        var resumed = await b.Device.Engine.SyncAsync(new SyncOptions(Verify: true));
        Assert.True(resumed.Success, resumed.Message);
        Assert.True((await a.Device.Engine.SyncAsync()).Success);

        var c = await Fleet.AddDeviceAsync();
        var received = await c.TrySyncAsync();
        Assert.True(received.Success, received.Message);
        foreach (var (fileId, sha256) in Fleet.Attachments)
        {
            var file = (await c.Store.FileSyncLedger.ReadFilesAsync()).Single(f => f.Id == fileId);
            Assert.Equal(sha256, SHA256.HashData(await File.ReadAllBytesAsync(c.Store.Files.Resolve(file.Path)!)));
        }

        Figures.Record("faults", "upload cut, resumed by another device injected", 1);
        Figures.Record("faults", "upload cut, resumed by another device survived", 1);
        Figures.Record("faults", "upload cut, resumed by another device: bytes kept by the server", partial, "B");
    }
}
