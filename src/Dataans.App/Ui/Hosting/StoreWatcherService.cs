using Dataans.Core.Storage;
using Microsoft.Extensions.Hosting;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// Runs a <see cref="StoreWatcher"/> while the app runs, so notes the CLI or an import writes show in
/// the open UI, and auto sync pushes them, within about a second.
/// </summary>
internal sealed class StoreWatcherService(DataansStore store) : IHostedService, IAsyncDisposable
{
    private StoreWatcher? _watcher;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _watcher = await StoreWatcher.StartAsync(store, cancellationToken: cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _watcher, null) is { } watcher)
        {
            await watcher.DisposeAsync();
        }
    }
}
