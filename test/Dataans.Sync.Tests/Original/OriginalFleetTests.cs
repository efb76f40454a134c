using System.Security.Cryptography;
using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Import.Original;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Dataans.Tests.Original;

namespace Dataans.Sync.Tests.Original;

/// <summary>
/// One account, both apps: a client speaking the original's v1 wire and file formats (written in the
/// test from those formats) and our devices on one server in Cloudflare mode.
/// </summary>
public sealed class OriginalFleetTests : IAsyncLifetime
{
    private const string Audience = "dataans-original-aud";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly List<Device> _devices = [];
    private JwksServer _idp = null!;
    private ServerInstance _server = null!;
    private string _jwt = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _idp = await JwksServer.StartAsync();
        _server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", _idp.CertsUrl, "--cloudflare-issuer", _idp.Issuer);
        _jwt = _idp.Token("mixed-fleet", Audience);
        _folder = Directory.CreateTempSubdirectory("dataans-original-fleet-").FullName;
    }

    public async Task DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        await _server.DisposeAsync();
        await _idp.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(SyncProtocol.V2)]
    [InlineData(SyncProtocol.V1)]
    public async Task MigratedDevice_JoinsTheAccountTheOriginalFilled_WithoutDuplicates_AndEverySideConverges(SyncProtocol protocol)
    {
        var options = new SyncOptions(protocol);
        var scenario = OriginalScenario.Build(Path.Combine(_folder, "original"));
        using var original = new OriginalClient(_server.BaseAddress, _jwt, _key);
        foreach (var logged in scenario.Builder.Log)
        {
            original.Record(logged.Id, logged.CreatedAt, logged.Json, logged.Digest);
        }

        await original.AuthHealthAsync();
        Assert.Equal((0, scenario.Builder.Log.Count), await original.SyncAsync());
        foreach (var (id, bytes) in scenario.Builder.Bytes.Where(pair => original.Log.Values.Any(op => op.Json.StartsWith("{\"CreateFile\"", StringComparison.Ordinal) && op.Json.Contains(pair.Key.ToString(), StringComparison.Ordinal))))
        {
            if (id != scenario.MissingFile)
            {
                await original.UploadFileAsync(id, bytes); // its file sync: the whole file in one envelope
            }
        }

        var migrated = await NewDeviceAsync();
        var import = await OriginalImporter.ImportAsync(migrated.Store, OriginalLocation.FromFolder(scenario.Root));
        await migrated.SyncAsync(options);
        var again = await migrated.SyncAsync(options);
        Assert.Equal((0, 0, 0), (again.Pulled, again.Pushed, again.FilesUploaded)); // nothing left to do

        var onServer = await original.ServerOperationIdsAsync();
        Assert.Equal(onServer.Count, onServer.Distinct().Count());
        Assert.Equal(scenario.Builder.Log.Count + import.CreatedOperations, onServer.Count);

        // Another of our devices gets the same notes and files, including the files the original uploaded.
        var fresh = await NewDeviceAsync();
        await fresh.SyncAsync(options);
        Assert.Equal(await ContentAsync(migrated), await ContentAsync(fresh));
        foreach (var space in await fresh.Store.ListSpacesAsync())
        {
            foreach (var note in await fresh.Store.ListNotesAsync(space.Id, 1000))
            {
                foreach (var file in note.Files.Where(file => file.Id != scenario.MissingFile))
                {
                    Assert.Equal(scenario.Builder.Bytes[file.Id], await File.ReadAllBytesAsync(fresh.Store.Files.Resolve(file.Path)!));
                }
            }
        }

        // The original client takes the operations made for its rows from before sync, then nothing is left;
        // on v1 our device uploaded the files of those rows in the original's format, so it opens them too.
        Assert.Equal((import.CreatedOperations, 0), await original.SyncAsync());
        if (protocol == SyncProtocol.V1)
        {
            Assert.Equal(scenario.Builder.Bytes[scenario.OldAttachment], await original.DownloadFileAsync(scenario.OldAttachment));
        }

        Assert.Equal((0, 0), await original.SyncAsync());
        foreach (var space in await fresh.Store.ListSpacesAsync())
        {
            foreach (var note in await fresh.Store.ListNotesAsync(space.Id, 1000))
            {
                Assert.Equal(note.Text, original.Notes[note.Id].Text);
            }
        }
    }

    [Fact]
    public async Task MixedFleet_ExchangesNotesAndFilesBothWays()
    {
        using var original = new OriginalClient(_server.BaseAddress, _jwt, _key);
        var avatar = Guid.NewGuid();
        var avatarBytes = OriginalScenario.Bytes(3_000, 11);
        var doc = Guid.NewGuid();
        var docBytes = Encoding.UTF8.GetBytes("uploaded by the original\n");
        var space = Guid.NewGuid();
        var note = Guid.NewGuid();
        var t = OriginalClient.Now();
        original.Write(OriginalWire.File(avatar, $"{avatar}.png", $"{avatar}.png", t, t));
        original.Write(OriginalWire.File(doc, "doc.txt", $"{doc}_doc.txt", t, t));
        original.Write(OriginalWire.Space("CreateSpace", space, "Shared 共有", avatar, t, t, false));
        original.Write(OriginalWire.Note("CreateNote", note, "written in the original", t, t, space, false));
        original.Write(OriginalWire.SetNoteFiles(note, [doc]));
        await original.SyncAsync();
        await original.UploadFileAsync(avatar, avatarBytes);
        await original.UploadFileAsync(doc, docBytes);

        var ours = await NewDeviceAsync();
        var v1 = new SyncOptions(SyncProtocol.V1);
        await ours.SyncAsync(v1);
        var received = await ours.Store.GetNoteAsync(note);
        Assert.Equal("written in the original", received.Text);
        Assert.Equal(docBytes, await File.ReadAllBytesAsync(ours.Store.Files.Resolve(received.Files.Single().Path)!));
        var shared = await ours.Store.GetSpaceAsync(space);
        Assert.Equal("Shared 共有", shared.Name);
        Assert.Equal(avatarBytes, await File.ReadAllBytesAsync(ours.Store.Files.Resolve(shared.AvatarPath!)!));

        await ours.Store.UpdateNoteAsync(note, "edited in ours");
        var attachment = Path.Combine(_folder, "from-ours.bin");
        var attachmentBytes = RandomNumberGenerator.GetBytes(70_000);
        await File.WriteAllBytesAsync(attachment, attachmentBytes);
        var created = await ours.Store.CreateNoteAsync(space, "written in ours ✓", [AttachmentSource.FromPath(attachment)]);
        var result = await ours.SyncAsync(v1);
        Assert.Equal(1, result.FilesUploaded);

        await original.SyncAsync();
        Assert.Equal("edited in ours", original.Notes[note].Text);
        Assert.Equal("written in ours ✓", original.Notes[created.Id].Text);
        Assert.Equal(attachmentBytes, await original.DownloadFileAsync(created.Files.Single().Id));

        original.Write(OriginalWire.Note("UpdateNote", created.Id, "the original edits ours", created.CreatedAt.UnixNanoseconds, OriginalClient.Now(), space, false));
        original.Write(OriginalWire.Delete("DeleteNote", note));
        await original.SyncAsync();
        await ours.SyncAsync(v1);
        Assert.Equal("the original edits ours", (await ours.Store.GetNoteAsync(created.Id)).Text);
        await Assert.ThrowsAsync<Core.Storage.NotFoundException>(() => ours.Store.GetNoteAsync(note));
        Assert.Equal((0, 0), await original.SyncAsync());
    }

    [Fact]
    public async Task OnV2_FilesAreOurStreamFormat_WhichOnlyOurClientsOpen()
    {
        var ours = await NewDeviceAsync();
        var space = await ours.Store.CreateSpaceAsync("v2 only");
        var path = Path.Combine(_folder, "v2.bin");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4]);
        var note = await ours.Store.CreateNoteAsync(space.Id, "v2", [AttachmentSource.FromPath(path)]);
        await ours.SyncAsync();
        using var http = _server.Client();
        http.DefaultRequestHeaders.Add("Cookie", $"CF_Authorization={_jwt}");

        var stored = await http.GetByteArrayAsync(new Uri($"file/{note.Files.Single().Id}", UriKind.Relative));

        Assert.Equal("DATAANS"u8.ToArray(), stored[..7]);
        using var original = new OriginalClient(_server.BaseAddress, _jwt, _key);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => original.DownloadFileAsync(note.Files.Single().Id));
    }

    private async Task<Device> NewDeviceAsync()
    {
        var device = await Device.CreateAsync();
        _devices.Add(device);
        await device.Profiles.SaveAsync(new UserProfile
        {
            ServerUrl = _server.BaseAddress,
            AuthMode = AuthMode.Cloudflare,
            AuthToken = _jwt,
            SecretKey = new EncryptionKey(_key),
            Passphrase = "Mixed-Fleet-Test-Pass-Phrase",
        });
        return device;
    }

    /// <summary>What a user sees, without the times (a migrated device keeps the original's row times).</summary>
    private static async Task<string> ContentAsync(Device device)
    {
        var text = new StringBuilder();
        foreach (var space in (await device.Store.ListSpacesAsync()).OrderBy(space => space.Id))
        {
            text.AppendLine($"{space.Id} {space.Name} {space.AvatarId}");
            foreach (var note in (await device.Store.ListNotesAsync(space.Id, 1000)).OrderBy(note => note.Id))
            {
                text.AppendLine($"  {note.Id} {note.Text} [{string.Join(',', note.Files.Select(file => $"{file.Id}:{file.Name}"))}]");
            }
        }

        return text.ToString();
    }
}
