using System.Net.Http.Json;
using System.Security.Cryptography;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Inbox;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// Issue 16, exactly once across crashes: a real `dataans sync now` is killed (DATAANS_CRASH_AT) at each
/// point of inbox delivery — an item pulled and opened but its note not written, inside the note's
/// transaction, after the note is committed but before its operations and file are pushed, after the push
/// but before the sealed item is deleted, between two deletions — then the same device syncs again while a
/// second device delivers the same items at the same moment. Every capture ends up exactly once as a note
/// (with its file) on both devices, no operation is doubled on the server, and the inbox is empty.
/// </summary>
public sealed class InboxCrashTests : IAsyncLifetime
{
    private static readonly string[] Texts = ["crash capture one", "crash capture two", "crash capture three with a photo"];
    private ServerInstance _server = null!;
    private EncryptionKey _key = null!;

    public static TheoryData<string> CrashPoints => new(
        "inbox.item.opened:1", "inbox.item.opened:3", "store.write.before-commit:1", "files.moved-in:1", "inbox.note.written:1",
        "inbox.note.written:3", "sync.push.sent:1", "file.upload.completed:1", "file.upload.finishing:1", "inbox.before-delete:1", "inbox.item.deleted:1",
        "inbox.item.deleted:2");

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _key = await SyncScenarioTests.TestKeyAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task DeliveryKilled_EachCaptureBecomesExactlyOneNote_OnBothDevices(string crashPoint)
    {
        var user = "u" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var token = await _server.AddUserAsync(user);
        await using var a = await Device.CreateAsync();
        await a.UseKeyAsync(_server.BaseAddress, token, _key);
        await a.SyncAsync(); // creates the account's inbox key
        var (_, link) = await CaptureLinks.CreateAsync(a.Store, "crash", null, CancellationToken.None);
        var photo = RandomNumberGenerator.GetBytes(150_000);
        for (var i = 0; i < Texts.Length; i++)
        {
            CaptureFile[] files = i == Texts.Length - 1 ? [new CaptureFile("photo.jpg", "image/jpeg", photo)] : [];
            await CaptureSender.SendAsync(link, new CaptureContent(Texts[i], DateTimeOffset.UtcNow.AddSeconds(i - 10), files));
        }

        var bRoot = CrashedCli.TempDirectory("dataans-inbox-crash-");
        await new ProfileStore(bRoot).SaveAsync(new UserProfile { ServerUrl = _server.BaseAddress, AuthMode = AuthMode.Token, AuthToken = token, SecretKey = _key, Passphrase = "Test-Pass-Phrase" });

        await CrashedCli.RunAsync(bRoot, crashPoint, "sync", "now");
        // B starts again while A delivers the same items: both may write and delete them at once.
        await Task.WhenAll(CrashedCli.RunAsync(bRoot, null, "sync", "now"), a.SyncAsync());

        await using var b = await Device.OpenAsync(bRoot);
        await b.SyncAsync();
        await a.SyncAsync();
        foreach (var device in new[] { a, b })
        {
            await AssertEachCaptureOnceAsync(device, photo);
        }

        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
        Assert.Equal("ok", await CrashedCli.IntegrityAsync(b.Store));
        var (total, pending) = await b.Store.SyncLedger.CountOperationsAsync();
        Assert.Equal(0, pending);
        Assert.Equal(total, await ServerOperationCountAsync(user));
        await CrashedCli.AssertFilesFolderCleanAsync(b.Store, new Dictionary<string, byte[]> { ["photo.jpg"] = photo });
        using var owner = _server.Client(token);
        Assert.Empty((await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList))!.Items);
        Figures.Record("crash", $"inbox delivery killed at {crashPoint}: each capture once", 1);
    }

    private static async Task AssertEachCaptureOnceAsync(Device device, byte[] photo)
    {
        var inbox = Assert.Single(await device.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
        var notes = await device.Store.ListNotesAsync(inbox.Id, 100);
        Assert.Equal(Texts.Order(StringComparer.Ordinal), notes.Select(note => note.Text).Order(StringComparer.Ordinal));
        var file = Assert.Single(notes.SelectMany(note => note.Files));
        Assert.Equal(photo, await File.ReadAllBytesAsync(device.Store.Files.Resolve(file.Path)!));
    }

    private async Task<long> ServerOperationCountAsync(string user)
    {
        var database = Directory.GetFiles(_server.DataDir, "*.sqlite", SearchOption.AllDirectories).First();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=false;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM operations o JOIN users u ON u.id = o.user_id WHERE u.name = $name";
        command.Parameters.AddWithValue("$name", user);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
