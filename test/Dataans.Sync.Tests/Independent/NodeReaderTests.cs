using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dataans.Contracts.Operations;
using Dataans.Core.Model;

namespace Dataans.Sync.Tests.Independent;

/// <summary>
/// Our client writes through a real dataans-server; the independent Node client (written from the docs
/// alone) reads, checks and decrypts everything, and hears the push channel. It also checks every test
/// vector of docs/formats.md against its own implementation.
/// </summary>
public sealed class NodeReaderTests : ServerAndDevicesTest
{
    private const string Password = "correct horse battery staple";
    private Device _device = null!;

    protected override async Task StartedAsync() => _device = await NewDeviceAsync();

    [Fact]
    public async Task NodeClient_ChecksEveryVectorOfFormatsDocument()
    {
        var checkedVectors = await NodeClient.RunAsync("check-vectors", new JsonObject { ["doc"] = NodeClient.FormatsDocument });

        var failures = checkedVectors.GetProperty("failures").EnumerateArray().Select(failure => failure.GetString()).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(Enum.GetNames<OperationKind>().Order(), checkedVectors.GetProperty("digestKinds").EnumerateArray().Select(kind => kind.GetString()));
        var counts = checkedVectors.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("keyDerivation").GetInt32());
        Assert.Equal(1, counts.GetProperty("envelope").GetInt32());
        Assert.Equal(1, counts.GetProperty("wire").GetInt32());
        Assert.Equal(2, counts.GetProperty("fileStream").GetInt32());
        Assert.Equal(1, counts.GetProperty("sealedItem").GetInt32());
        Assert.Equal(1, counts.GetProperty("captureContent").GetInt32());
        Assert.Equal(1, counts.GetProperty("inboxIds").GetInt32());
        Assert.False(counts.TryGetProperty("unknown", out _), "formats.md has a vector block of no known kind");
    }

    [Fact]
    public async Task OurClientWrites_NodeReadsChecksAndDecryptsEverything()
    {
        var (_, generated) = await _device.Account.SignInAsync(Server.BaseAddress, Token, Password, null);
        Assert.True(generated);
        var space = await _device.Store.CreateSpaceAsync("Work");
        var report = RandomNumberGenerator.GetBytes(300_000);
        var note = await _device.Store.CreateNoteAsync(space.Id, "Quarterly **report**", [Source("report.pdf", report), Source("empty.txt", [])]);
        await _device.Store.UpdateNoteAsync(note.Id, "Quarterly **report**, reviewed ✓");
        var gone = await _device.Store.CreateNoteAsync(space.Id, "deleted soon");
        await _device.Store.DeleteNoteAsync(gone.Id);
        await _device.Store.RenameSpaceAsync(space.Id, "Work & Life");
        await _device.SyncAsync();
        var passphrase = (await _device.Profiles.LoadAsync())!.Passphrase;

        var read = await NodeClient.RunAsync("read-all", new JsonObject
        {
            ["server"] = Server.BaseAddress.AbsoluteUri,
            ["token"] = Token,
            ["password"] = Password,
            ["passphrase"] = passphrase,
        });

        Assert.Empty(read.GetProperty("setAside").EnumerateArray()); // every envelope, record, clear field and checksum passed
        var nodeSpace = Assert.Single(read.GetProperty("spaces").EnumerateArray());
        Assert.Equal("Work & Life", nodeSpace.GetProperty("name").GetString());
        var nodeNote = Assert.Single(read.GetProperty("notes").EnumerateArray());
        Assert.Equal("Quarterly **report**, reviewed ✓", nodeNote.GetProperty("text").GetString());
        Assert.False(nodeNote.GetProperty("hasConflict").GetBoolean());
        var ours = await _device.Store.GetNoteAsync(note.Id);
        Assert.Equal(ours.Files.Select(file => file.Id.ToString()), nodeNote.GetProperty("files").EnumerateArray().Select(id => id.GetString()));
        var files = read.GetProperty("files").EnumerateArray().ToDictionary(file => Guid.Parse(file.GetProperty("id").GetString()!));
        Assert.Equal(Sha256(report), files[ours.Files[0].Id].GetProperty("sha256").GetString());
        Assert.Equal(Sha256([]), files[ours.Files[1].Id].GetProperty("sha256").GetString());
        Assert.Equal(36, files[ours.Files[1].Id].GetProperty("stored").GetInt64()); // an empty file's stream
        var avatar = await File.ReadAllBytesAsync(_device.Store.Files.Resolve((await _device.Store.GetSpaceAsync(space.Id)).AvatarPath!)!);
        Assert.Equal(Sha256(avatar), files[space.AvatarId].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task NodeListener_HearsTheHeadMove_WhenOurClientPushes()
    {
        await _device.UseKeyAsync(Server.BaseAddress, Token, await TestKeyAsync());
        using var listener = NodeClient.StartListening(new JsonObject { ["server"] = Server.BaseAddress.AbsoluteUri, ["token"] = Token, ["count"] = 2 });
        try
        {
            var first = await NodeClient.ReadEventAsync(listener, TimeSpan.FromSeconds(60));
            Assert.Equal(0, first.GetProperty("head").GetInt64());

            await _device.Store.CreateSpaceAsync("Work");
            await _device.SyncAsync();
            var moved = await NodeClient.ReadEventAsync(listener, TimeSpan.FromSeconds(60));

            Assert.Equal(2, moved.GetProperty("head").GetInt64()); // CreateFile (avatar) and CreateSpace in one push
            Assert.Equal(first.GetProperty("epoch").GetString(), moved.GetProperty("epoch").GetString());
        }
        finally
        {
            if (!listener.HasExited)
            {
                listener.Kill();
            }
        }
    }

    private static AttachmentSource Source(string name, byte[] bytes) => new(name, _ => Task.FromResult<Stream>(new MemoryStream(bytes)));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
