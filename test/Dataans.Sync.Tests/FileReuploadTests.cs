using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// Two devices that hold the same files re-upload them at the same time (the server lost them, e.g. a
/// restored backup): both runs succeed (a device that finds the other ahead of it resumes from the
/// server's offset) and a new device receives intact files. The deterministic splice case — one upload
/// cut, another device resuming it — is <c>SplicedUploadTests</c> in the reliability tests.
/// </summary>
public sealed class FileReuploadTests : ServerAndDevicesTest
{

    [Fact]
    public async Task TwoDevicesReuploadingTheSameLostFilesAtOnce_LeaveIntactFiles()
    {
        var key = await TestKeyAsync();
        var a = await KeyedDeviceAsync(key);
        var space = await a.Store.CreateSpaceAsync("Work");
        var contents = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetBytes(1_500_000)).ToList();
        var note = await a.Store.CreateNoteAsync(space.Id, "four files",
            [.. contents.Select((bytes, i) => new AttachmentSource($"f{i}.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes))))]);
        await a.SyncAsync();
        var b = await KeyedDeviceAsync(key);
        Assert.Equal(5, (await b.SyncAsync()).FilesDownloaded); // the space avatar and the four files

        for (var round = 0; round < 3; round++)
        {
            var removed = RemoveServerFiles();
            Assert.Equal(5, removed);
            var results = await Task.WhenAll(a.Engine.SyncAsync(new SyncOptions(Verify: true)), b.Engine.SyncAsync(new SyncOptions(Verify: true)));
            Assert.All(results, result => Assert.True(result.Success, result.Message));
        }

        var c = await KeyedDeviceAsync(key);
        var received = await c.SyncAsync();
        Assert.Equal(5, received.FilesDownloaded);
        var files = (await c.Store.GetNoteAsync(note.Id)).Files;
        Assert.Equal(contents.Count, files.Count);
        foreach (var file in files)
        {
            Assert.Equal(FileStatus.ExistAndUploaded, file.Status);
            var expected = contents[int.Parse(file.Name.AsSpan(1, 1), System.Globalization.CultureInfo.InvariantCulture)];
            Assert.Equal(expected, await File.ReadAllBytesAsync(c.Store.Files.Resolve(file.Path)!));
        }
    }

    [Fact]
    public void ContentDerivedHeader_DependsOnKeyFileAndContentOnly()
    {
        var key = new EncryptionKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var other = new EncryptionKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var hash = SHA256.HashData("same bytes"u8);
        var prefix = FileCipherHeader.ForContent(key, id, hash).NoncePrefix.ToArray();

        Assert.Equal(prefix, FileCipherHeader.ForContent(key, id, hash).NoncePrefix.ToArray());
        Assert.NotEqual(prefix, FileCipherHeader.ForContent(other, id, hash).NoncePrefix.ToArray());
        Assert.NotEqual(prefix, FileCipherHeader.ForContent(key, Guid.NewGuid(), hash).NoncePrefix.ToArray());
        Assert.NotEqual(prefix, FileCipherHeader.ForContent(key, id, SHA256.HashData("other bytes"u8)).NoncePrefix.ToArray());
        Assert.Throws<ArgumentException>(() => FileCipherHeader.ForContent(key, id, hash.AsSpan(0, 31)));
    }

    private int RemoveServerFiles()
    {
        var files = Directory.GetFiles(Path.Combine(Server.DataDir, "files"), "*", SearchOption.AllDirectories);
        foreach (var file in files)
        {
            File.Delete(file);
        }

        return files.Length;
    }
}
