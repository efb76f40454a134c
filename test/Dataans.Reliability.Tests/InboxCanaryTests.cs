using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Inbox;
using Dataans.Core.Storage;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Issue 16's canary: a real dataans-server process logging everything (Trace, every category, to its
/// console) receives captures whose text, file name and file bytes hold a unique canary, and a device
/// delivers them. Neither the server's console output nor anything under its data folder holds the
/// canary (in clear, hex or base64) or the capture token, while the device's note does.
/// </summary>
public sealed class InboxCanaryTests(ITestOutputHelper output)
{
    private static readonly string[] TraceEverything =
    [
        "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace",
        "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:System=Trace",
    ];

    [Fact]
    public async Task CapturedText_AndFile_NeverInTheServersLogOrStorage()
    {
        var canary = new Canary();
        await using var server = await ServerProcess.StartAsync(TraceEverything);
        var token = await server.AddUserAsync("canary");
        var key = await KeyDerivation.DeriveKeyAsync("canary password", "Inbox-Canary-Pass-Phrase", 1_000);
        await using var device = await Device.CreateAsync();
        await device.UseKeyAsync(server.BaseAddress, token, key);
        await device.SyncAsync();
        var (_, link) = await CaptureLinks.CreateAsync(device.Store, "canary", null, CancellationToken.None);
        var captureToken = CaptureSender.ParseLink(link).Token;
        var photo = Encoding.UTF8.GetBytes($"\u0089PNG fake image bytes {canary.Text} end");
        await CaptureSender.SendAsync(link, new CaptureContent($"Call the dentist {canary.Text}", DateTimeOffset.UtcNow, []));
        await CaptureSender.SendAsync(link, new CaptureContent(canary.Text, DateTimeOffset.UtcNow, [new CaptureFile($"{canary.Text}.png", "image/png", photo)]));
        using (var page = server.Client())
        {
            (await page.GetAsync("capture/")).EnsureSuccessStatusCode(); // the page's own requests are logged too
        }

        var delivered = await device.SyncAsync();

        var inbox = Assert.Single(await device.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
        Assert.Equal(2, delivered.InboxDelivered);
        Assert.All(await device.Store.ListNotesAsync(inbox.Id), note => Assert.Contains(canary.Text, note.Text, StringComparison.Ordinal));
        var log = string.Join('\n', server.Output);
        Assert.Contains("trce:", log, StringComparison.Ordinal); // the log is verbose: the check below would otherwise prove little
        Assert.Contains("/v2/capture/items", log, StringComparison.Ordinal); // the capture requests themselves were logged

        var inLog = canary.CountIn(log);
        var inStorage = await canary.CountInFolderAsync(server.DataDir);
        var tokenInLog = CountOrdinal(log, captureToken);
        output.WriteLine($"canary hits: server console ({server.Output.Count} lines) {inLog}, server data folder {inStorage}; capture token in the log {tokenInLog}");
        Figures.Record("canary", "inbox captures: server log hits (Trace)", inLog);
        Figures.Record("canary", "inbox captures: server data folder hits", inStorage);
        Assert.Equal(0, inLog);
        Assert.Equal(0, inStorage);
        Assert.Equal(0, tokenInLog);
        Assert.Empty(server.ErrorLines());
    }

    private static int CountOrdinal(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
