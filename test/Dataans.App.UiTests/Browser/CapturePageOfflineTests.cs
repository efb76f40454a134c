using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Dataans.App.UiTests.Browser.CapturePageTests;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// Issue 16, item 3: the capture page is an installable app. Chromium goes offline after the page
/// installed its service worker; a capture made then waits sealed in the browser, survives a reload
/// served by the service worker, and is sent when the browser is back online — one note on the device.
/// "Share to Dataans" (the manifest's share target, received by the service worker) fills the form.
/// Prints the page's size, its load time and the send-to-note delay (docs/benchmarks.md).
/// </summary>
[Collection("ui")]
public sealed class CapturePageOfflineTests(AppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] PageFiles = ["", "capture.js", "seal.js", "outbox.js", "capture.css"];
    private ServerInstance _server = null!;
    private string _dataDir = null!;
    private string _link = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        var token = _token = await _server.AddUserAsync("offline-capture");
        _dataDir = Directory.CreateTempSubdirectory("dataans-capture-offline-").FullName;
        await CliAsync(_dataDir, ["sync", "login", "--server", _server.BaseAddress.AbsoluteUri, "--token-stdin", "--password-stdin", "--passphrase-stdin"],
            $"{token}\ncorrect horse battery\n\n");
        await CliAsync(_dataDir, ["sync", "now"]);
        _link = (await CliAsync(_dataDir, ["inbox", "link", "--label", "Phone"])).Trim();
    }

    public async Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CaptureMadeOffline_WaitsThroughAReload_AndIsDeliveredOnceBackOnline()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var load = Stopwatch.StartNew();
        await page.GotoAsync(_link);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
        load.Stop();
        await WaitForServiceWorkerAsync(page);
        Assert.Equal("./share", await page.EvaluateAsync<string>("() => fetch('manifest.webmanifest').then(r => r.json()).then(m => m.share_target.action)"));

        await context.SetOfflineAsync(true);
        await page.Locator("#text").FillAsync("Offline thought ✓");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Offline: 1 capture kept"));
        await Expect(page.Locator("#waiting")).ToHaveTextAsync("1 waiting to be sent");
        await page.ReloadAsync(); // still offline: the service worker serves the page, the outbox keeps the capture
        await Expect(page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Offline"));
        await Expect(page.Locator("#waiting")).ToHaveTextAsync("1 waiting to be sent");
        Assert.Equal(0, await ItemsOnServerAsync());

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#sent li")).ToContainTextAsync("Offline thought ✓", new() { Timeout = 60_000 });
        await Expect(page.Locator("#waiting")).ToHaveTextAsync("");
        Assert.Contains("1 capture delivered from the inbox", await CliAsync(_dataDir, ["sync", "now"]), StringComparison.Ordinal);
        await CliAsync(_dataDir, ["sync", "now"]);
        Assert.Equal(["Offline thought ✓"], await InboxNotesAsync());

        // The figures for docs/benchmarks.md: a capture sent online, until it is a note on the device.
        var sendToNote = Stopwatch.StartNew();
        await page.Locator("#text").FillAsync("Timed capture");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Sent\\."));
        var stored = sendToNote.Elapsed;
        await CliAsync(_dataDir, ["sync", "now"]);
        sendToNote.Stop();
        Assert.Contains("Timed capture", await InboxNotesAsync());
        var pageBytes = await PageBytesAsync();
        output.WriteLine($"capture page: {pageBytes} bytes (HTML, JS, CSS), load to 'Ready.' {load.ElapsedMilliseconds} ms; " +
            $"send -> stored sealed {stored.TotalMilliseconds:F0} ms, send -> note on the device after one 'sync now' {sendToNote.ElapsedMilliseconds} ms");
        Figures.Record("inbox", "capture page size", pageBytes, "bytes");
        Figures.Record("inbox", "capture page load to Ready", load.ElapsedMilliseconds, "ms");
        Figures.Record("inbox", "send to sealed item stored", stored.TotalMilliseconds, "ms");
        Figures.Record("inbox", "send to note (one sync now)", sendToNote.ElapsedMilliseconds, "ms");
    }

    /// <summary>
    /// A capture made offline in a page that is then closed is sent by the service worker's Background Sync
    /// when the browser is back online: nothing needs the page to be opened again.
    /// </summary>
    [Fact]
    public async Task CaptureMadeOffline_IsSentByTheServiceWorker_AfterThePageWasClosed()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_link);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
        await WaitForServiceWorkerAsync(page);

        await context.SetOfflineAsync(true);
        await page.Locator("#text").FillAsync("Sent with the page closed");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Offline: 1 capture kept"));
        await Eventually.TrueAsync(
            async () => (await page.EvaluateAsync<string[]>("async () => (await navigator.serviceWorker.ready).sync.getTags()")).Contains("capture-outbox")
                || await ItemsOnServerAsync() == 1,
            "the page asking for a background sync");
        await page.CloseAsync();
        await context.SetOfflineAsync(false);

        await Eventually.TrueAsync(async () => await ItemsOnServerAsync() == 1, "the capture on the server, sent by the service worker", TimeSpan.FromSeconds(60));
        await CliAsync(_dataDir, ["sync", "now"]);
        Assert.Equal(["Sent with the page closed"], await InboxNotesAsync());
        Assert.Equal(0, await ItemsOnServerAsync());
    }

    [Fact]
    public async Task SharedFromAnotherApp_FillsTheForm_AndArrivesWithItsFile()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_link);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
        await WaitForServiceWorkerAsync(page);

        // What Android does on "share to Dataans": a multipart POST to the manifest's share_target action.
        await page.EvaluateAsync(@"() => {
            const form = document.createElement('form');
            form.method = 'post'; form.enctype = 'multipart/form-data'; form.action = 'share';
            const text = document.createElement('input'); text.name = 'text'; text.value = 'Shared from the gallery';
            const files = document.createElement('input'); files.type = 'file'; files.name = 'files';
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array([0xFF, 0xD8, 0xFF, 1, 2, 3])], 'shared.jpg', { type: 'image/jpeg' }));
            files.files = transfer.files;
            form.append(text, files);
            document.body.append(form);
            form.submit();
        }");
        await Expect(page.Locator("#text")).ToHaveValueAsync("Shared from the gallery");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
        Assert.Equal("shared.jpg", await page.EvaluateAsync<string>("() => document.getElementById('files').files[0].name"));
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#sent li")).ToContainTextAsync("Shared from the gallery (+1 file: shared.jpg)");

        await CliAsync(_dataDir, ["sync", "now"]);
        Assert.Equal(["Shared from the gallery"], await InboxNotesAsync());
    }

    private static async Task WaitForServiceWorkerAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("async () => { await navigator.serviceWorker.ready; return true; }"));

    private async Task<int> ItemsOnServerAsync()
    {
        using var owner = _server.Client(_token);
        using var list = JsonDocument.Parse(await owner.GetStringAsync("v2/inbox/items"));
        return list.RootElement.GetProperty("items").GetArrayLength();
    }

    private async Task<List<string>> InboxNotesAsync()
    {
        using var spaces = JsonDocument.Parse(await CliAsync(_dataDir, ["space", "list", "--json"]));
        var inbox = Assert.Single(spaces.RootElement.EnumerateArray(), space => space.GetProperty("name").GetString() == "Inbox");
        using var notes = JsonDocument.Parse(await CliAsync(_dataDir, ["note", "list", "--space", inbox.GetProperty("id").GetString()!, "--json"]));
        return [.. notes.RootElement.EnumerateArray().Select(note => note.GetProperty("text").GetString()!)];
    }

    private async Task<long> PageBytesAsync()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var total = 0L;
        foreach (var file in PageFiles)
        {
            total += (await http.GetByteArrayAsync("capture/" + file)).Length;
        }

        return total;
    }
}
