using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dataans.Core.Avatars;
using Dataans.Core.Model;

namespace Dataans.Sync.Tests.Independent;

/// <summary>
/// The independent Node client (written from the docs alone) writes through a real dataans-server;
/// our client syncs and must see exactly what was written, with nothing set aside.
/// </summary>
public sealed class NodeWriterTests : ServerAndDevicesTest
{
    private const string Password = "correct horse battery staple";
    private const string Passphrase = "Amber-Falcon-Quiet-River-Stone";
    private Device _device = null!;

    protected override async Task StartedAsync() => _device = await NewDeviceAsync();

    [Fact]
    public async Task NodeWritesSpaceNoteAndAttachments_OurClientShowsThemIntact_AndFollowsItsEdits()
    {
        var avatar = AvatarGenerator.Generate(Guid.NewGuid());
        var report = RandomNumberGenerator.GetBytes(200_000);
        var written = await NodeClient.RunAsync("write-space-note", Connection(new JsonObject
        {
            ["password"] = Password,
            ["passphrase"] = Passphrase,
            ["spaceName"] = "Travel ✈",
            ["noteText"] = "Tickets and 東京 hotel",
            ["avatarBase64"] = Convert.ToBase64String(avatar),
            ["attachments"] = new JsonArray(Attachment("report (final).pdf", report), Attachment("empty.txt", [])),
        }));
        await _device.Account.SignInAsync(Server.BaseAddress, Token, Password, Passphrase);

        var result = await _device.SyncAsync();

        Assert.Equal(0, result.Quarantined);
        Assert.Equal(0, await _device.Engine.CountSetAsideAsync());
        Assert.Equal(6, result.Pulled); // CreateFile (avatar), CreateSpace, 2 × CreateFile, CreateNote, SetNoteFiles
        var space = Assert.Single(await _device.Store.ListSpacesAsync());
        Assert.Equal("Travel ✈", space.Name);
        Assert.Equal(avatar, await File.ReadAllBytesAsync(_device.Store.Files.Resolve(space.AvatarPath!)!));
        var note = await _device.Store.GetNoteAsync(Guid.Parse(written.GetProperty("noteId").GetString()!));
        Assert.Equal("Tickets and 東京 hotel", note.Text);
        Assert.False(note.HasConflict);
        Assert.Equal(["report (final).pdf", "empty.txt"], note.Files.Select(file => file.Name));
        Assert.All(note.Files, file => Assert.Equal(FileStatus.ExistAndUploaded, file.Status));
        Assert.Equal(report, await File.ReadAllBytesAsync(_device.Store.Files.Resolve(note.Files[0].Path)!));
        Assert.Empty(await File.ReadAllBytesAsync(_device.Store.Files.Resolve(note.Files[1].Path)!));

        var keyHex = await KeyHexAsync();
        await NodeClient.RunAsync("edit-note", Connection(new JsonObject { ["keyHex"] = keyHex, ["noteId"] = note.Id.ToString(), ["text"] = "moved to Friday" }));
        await _device.SyncAsync();
        var edited = await _device.Store.GetNoteAsync(note.Id);
        Assert.Equal("moved to Friday", edited.Text);
        Assert.False(edited.HasConflict); // parents named the operation that wrote the version it replaced

        // The mistake protocol.md §7 warns of: the note id as parent leaves the last version unreplaced.
        await NodeClient.RunAsync("edit-note", Connection(new JsonObject { ["keyHex"] = keyHex, ["noteId"] = note.Id.ToString(), ["text"] = "and Saturday", ["parents"] = "note-id" }));
        await _device.SyncAsync();
        Assert.True((await _device.Store.GetNoteAsync(note.Id)).HasConflict);
    }

    [Fact]
    public async Task NodeUsesTheJsonHashAsChecksum_TheServerTakesIt_OurClientSetsItAsideAndSaysSo()
    {
        await _device.UseKeyAsync(Server.BaseAddress, Token, await TestKeyAsync());
        var space = await _device.Store.CreateSpaceAsync("Work");
        await _device.SyncAsync();

        var written = await NodeClient.RunAsync("write-note-json-checksum", Connection(new JsonObject { ["keyHex"] = await KeyHexAsync(), ["spaceId"] = space.Id.ToString(), ["text"] = "never shown" }));
        var result = await _device.SyncAsync();

        Assert.Equal(3, written.GetProperty("head").GetInt64()); // accepted: the server cannot check a checksum
        Assert.Equal(1, result.Quarantined);
        Assert.EndsWith("; 1 operation could not be read and was set aside", result.Message, StringComparison.Ordinal);
        Assert.Empty(await _device.Store.ListNotesAsync(space.Id));
        var again = await _device.SyncAsync();
        Assert.Equal(0, again.Quarantined);
        Assert.Equal(1, await _device.Engine.CountSetAsideAsync());
    }

    [Fact]
    public async Task NodeResumesAnUploadCutPartWay_OurClientGetsTheWholeFile()
    {
        await _device.UseKeyAsync(Server.BaseAddress, Token, await TestKeyAsync());
        var bytes = RandomNumberGenerator.GetBytes(3_000_000);
        var fileId = Guid.NewGuid().ToString();
        var keyHex = await KeyHexAsync();
        var upload = Connection(new JsonObject { ["keyHex"] = keyHex, ["fileId"] = fileId, ["base64"] = Convert.ToBase64String(bytes) });

        var cut = await NodeClient.RunAsync("upload", upload.Merge("cutAfter", 1_000_000));
        var resumed = await NodeClient.RunAsync("upload", upload);

        Assert.True(cut.GetProperty("interrupted").GetBoolean());
        var kept = cut.GetProperty("length").GetInt64();
        Assert.InRange(kept, 1, cut.GetProperty("total").GetInt64() - 1);
        Assert.Equal(kept, resumed.GetProperty("resumedFrom").GetInt64());
        Assert.Equal(resumed.GetProperty("total").GetInt64(), resumed.GetProperty("length").GetInt64());
        var written = await NodeClient.RunAsync("write-space-note", Connection(new JsonObject
        {
            ["keyHex"] = keyHex,
            ["spaceName"] = "Big files",
            ["noteText"] = "the scan",
            ["avatarBase64"] = Convert.ToBase64String(AvatarGenerator.Generate(Guid.NewGuid())),
            ["attachments"] = new JsonArray(new JsonObject { ["name"] = "scan.tiff", ["fileId"] = fileId, ["uploaded"] = true }),
        }));
        await _device.SyncAsync();
        var note = await _device.Store.GetNoteAsync(Guid.Parse(written.GetProperty("noteId").GetString()!));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_device.Store.Files.Resolve(Assert.Single(note.Files).Path)!));
    }

    private JsonObject Connection(JsonObject request)
    {
        request["server"] = Server.BaseAddress.AbsoluteUri;
        request["token"] = Token;
        return request;
    }

    private async Task<string> KeyHexAsync() => Convert.ToHexStringLower((await _device.Profiles.LoadAsync())!.SecretKey.Span);

    private static JsonObject Attachment(string name, byte[] bytes) => new() { ["name"] = name, ["base64"] = Convert.ToBase64String(bytes) };
}

internal static class JsonObjectExtensions
{
    /// <summary>A copy of the request with one more field.</summary>
    public static JsonObject Merge(this JsonObject request, string name, JsonNode value)
    {
        var copy = (JsonObject)request.DeepClone();
        copy[name] = value;
        return copy;
    }
}
