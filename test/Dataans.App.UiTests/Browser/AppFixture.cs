using Dataans.App.Ui.Hosting;
using Dataans.Core.Storage;
using Microsoft.Playwright;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// One app (real Kestrel on 127.0.0.1, a free port, a temporary data folder) and one headless Debian
/// Chromium shared by the browser tests of the "ui" collection, which run one after another.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private UiServer? _server;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "dataans-ui-" + Guid.NewGuid().ToString("N")[..8]);

    public DataansStore Store { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Url => _server!.Url;

    internal UiServer Server => _server!;

    public async Task InitializeAsync()
    {
        Store = await DataansStore.OpenAsync(new DataDirectory(DataDir));
        _server = await UiServer.StartAsync(Store, new UiOptions(DataDir, Port: 0, OpenBrowser: false));
        // A busy 2-core CI machine renders a page of 45 hostile notes or an 87-space import in more than
        // Playwright's default 5 s; a real failure still fails, only later.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Store.Dispose();
        TryDelete(DataDir);
    }

    /// <summary>A fresh browser tab on the app's main page, once the Blazor circuit is up.</summary>
    public Task<AppPage> OpenAsync(string path = "/") => OpenAsync(Url, path);

    public async Task<AppPage> OpenAsync(string baseUrl, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Permissions = ["clipboard-read", "clipboard-write"],
            TimezoneId = "Asia/Tokyo",
        });
        var page = await context.NewPageAsync();
        var appPage = new AppPage(page);
        await appPage.GotoAsync(path);
        return appPage;
    }

    internal static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });

    internal static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on the way out: the temp folder is cleaned by the OS.
        }
    }
}

[CollectionDefinition("ui")]
public sealed class UiCollection : ICollectionFixture<AppFixture>;
