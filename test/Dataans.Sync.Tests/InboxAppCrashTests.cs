using System.Net.Http.Json;
using System.Security.Cryptography;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Inbox;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// Issue 16, exactly once across crashes when the receiving device is the app itself in automatic sync
/// mode: a real <c>dataans ui --no-browser</c> whose automatic sync delivers the waiting captures is
/// killed (DATAANS_CRASH_AT) after a note is written and before its item is deleted; the device then
/// syncs again while another device delivers the same items. Each capture is one note on both devices
/// and the inbox is empty.
/// </summary>
public sealed class InboxAppCrashTests : IAsyncLifetime
{
    private static readonly string[] Texts = ["app crash one", "app crash two"];
    private ServerInstance _server = null!;
    private EncryptionKey _key = null!;

    public static TheoryData<string> CrashPoints => new("inbox.note.written:1", "inbox.before-delete:1");

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _key = await SyncScenarioTests.TestKeyAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task AppInAutoModeKilledDuringDelivery_EachCaptureBecomesExactlyOneNote(string crashPoint)
    {
        var user = "u" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var token = await _server.AddUserAsync(user);
        await using var a = await Device.CreateAsync();
        await a.UseKeyAsync(_server.BaseAddress, token, _key);
        await a.SyncAsync();
        var (_, link) = await CaptureLinks.CreateAsync(a.Store, "app crash", null, CancellationToken.None);
        foreach (var text in Texts)
        {
            await CaptureSender.SendAsync(link, new CaptureContent(text, DateTimeOffset.UtcNow, []));
        }

        var bRoot = CrashedCli.TempDirectory("dataans-inbox-app-crash-");
        await new ProfileStore(bRoot).SaveAsync(new UserProfile
        {
            ServerUrl = _server.BaseAddress,
            AuthMode = AuthMode.Token,
            AuthToken = token,
            SecretKey = _key,
            Passphrase = "Test-Pass-Phrase",
            SyncMode = SyncMode.Auto,
        });

        await CrashedCli.RunAsync(bRoot, crashPoint, "ui", "--no-browser", "--port", "0");
        await Task.WhenAll(CrashedCli.RunAsync(bRoot, null, "sync", "now"), a.SyncAsync());

        await using var b = await Device.OpenAsync(bRoot);
        await b.SyncAsync();
        await a.SyncAsync();
        foreach (var device in new[] { a, b })
        {
            var inbox = Assert.Single(await device.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
            Assert.Equal(Texts.Order(StringComparer.Ordinal), (await device.Store.ListNotesAsync(inbox.Id, 100)).Select(note => note.Text).Order(StringComparer.Ordinal));
        }

        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
        using var owner = _server.Client(token);
        Assert.Empty((await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList))!.Items);
    }
}
