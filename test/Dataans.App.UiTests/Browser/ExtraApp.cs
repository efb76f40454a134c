using Dataans.App.Ui.Hosting;
using Dataans.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.App.UiTests.Browser;

/// <summary>A second app on its own data folder, for tests that need a clean or specially prepared one.</summary>
internal sealed class ExtraApp : IAsyncDisposable
{
    private ExtraApp(string dataDir, DataansStore store, UiServer server)
    {
        DataDir = dataDir;
        Store = store;
        Server = server;
    }

    public string DataDir { get; }

    public DataansStore Store { get; }

    public UiServer Server { get; private set; }

    public string ConfigsDir => Path.Combine(DataDir, "configs");

    /// <param name="prepare">Runs on the empty data folder before the app starts (e.g. to write a config).</param>
    /// <param name="dataDir">The data folder (a new temporary one when null).</param>
    /// <param name="configure">Replaces services of the app (e.g. the desktop's opener) once the store is open.</param>
    public static async Task<ExtraApp> StartAsync(Action<string>? prepare = null, string? dataDir = null, Action<IServiceCollection, DataansStore>? configure = null)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "dataans-ui-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        prepare?.Invoke(dataDir);
        var store = await DataansStore.OpenAsync(new DataDirectory(dataDir));
        var server = await UiServer.StartAsync(
            store, new UiOptions(dataDir, Port: 0, OpenBrowser: false), configure is null ? null : services => configure(services, store));
        return new ExtraApp(dataDir, store, server);
    }

    /// <summary>Stops the app and starts it again on the same data folder (as a user restarting it).</summary>
    public async Task RestartAsync()
    {
        await Server.DisposeAsync();
        Server = await UiServer.StartAsync(Store, new UiOptions(DataDir, Port: 0, OpenBrowser: false));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Store.Dispose();
        AppFixture.TryDelete(DataDir);
    }
}
