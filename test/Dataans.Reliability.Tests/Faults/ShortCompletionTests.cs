using System.Security.Cryptography;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// The server answers an upload's completion <c>409 length-mismatch</c> because its store lost the upload's
/// tail (with S3, parts that fail their checksum are dropped at completion; here the folder store's part file
/// is cut short just before the completion reaches the server). The device must send the rest again and
/// complete within the same run: the run succeeds, and another device receives the file intact.
/// </summary>
public sealed class ShortCompletionTests : ProxiedServerTest
{
    [Fact]
    public async Task ACompletionAnsweredWithAShorterLength_IsMendedWithinTheSameRun()
    {
        var a = await Fleet.AddDeviceAsync();
        var space = await a.Store.CreateSpaceAsync("Files");
        var note = await Fleet.AttachAsync(a, space.Id, 3 * 1024 * 1024, "scan.bin");
        var fileId = Assert.Single(note.Files).Id;
        long keptByServer = 0;
        var completion = Proxy.When($"POST /v2/files/{fileId}/complete", 0, () => keptByServer = CutServerPart(fileId), thenPass: true);

        var synced = await a.TrySyncAsync();
        await completion.Fired;

        Assert.True(synced.Success, synced.Message);
        Assert.InRange(keptByServer, 1, (3 * 1024 * 1024) - 1);
        var lost = (3 * 1024 * 1024) - keptByServer;
        Assert.True(synced.FileBytes >= (3 * 1024 * 1024) + lost, $"{synced.FileBytes} bytes sent: the {lost} bytes the server lost were not sent again");
        var b = await Fleet.AddDeviceAsync();
        var received = await b.TrySyncAsync();
        Assert.True(received.Success, received.Message);
        var copy = (await b.Store.FileSyncLedger.ReadFilesAsync()).Single(file => file.Id == fileId);
        Assert.Equal(Fleet.Attachments[fileId], SHA256.HashData(await File.ReadAllBytesAsync(b.Store.Files.Resolve(copy.Path)!)));
        AssertServerLoggedNoError();

        Figures.Record("faults", "completion answered with a shorter length injected", 1);
        Figures.Record("faults", "completion answered with a shorter length survived in the same run", 1);
        Figures.Record("faults", "completion answered with a shorter length: bytes the server kept", keptByServer, "B");
    }

    /// <summary>Cuts the server's part file of <paramref name="fileId"/> to half its length; returns the length kept.</summary>
    private long CutServerPart(Guid fileId)
    {
        var part = Assert.Single(Directory.GetFiles(Server.DataDir, fileId.ToString("D") + ".part", SearchOption.AllDirectories));
        using var stream = new FileStream(part, FileMode.Open, FileAccess.Write);
        stream.SetLength(stream.Length / 2);
        return stream.Length;
    }
}
