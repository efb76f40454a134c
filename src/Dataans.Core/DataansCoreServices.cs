using Dataans.Core.Profile;
using Dataans.Core.Search;
using Dataans.Core.Storage;
using Dataans.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataans.Core;

/// <summary>
/// The one place Core is composed: the app's UI host and every CLI command register Core through
/// <see cref="AddDataansCore"/>.
/// </summary>
public static class DataansCoreServices
{
    /// <summary>
    /// Registers the open <paramref name="store"/> of a data directory and what works on it: note
    /// search, one profile store, one HTTP connection pool shared by the sync engine, the account and
    /// auto sync's event listener, the sync engine, the account, and auto sync as a hosted service
    /// (it runs only where a host runs hosted services, i.e. the app, not the CLI). Every
    /// registration is a <c>TryAdd</c>, so a test can put its own in first. The container owns and
    /// disposes what it creates; the caller keeps owning <paramref name="store"/>.
    /// </summary>
    public static IServiceCollection AddDataansCore(this IServiceCollection services, DataansStore store, AutoSyncOptions? autoSyncOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(store.Directory);
        services.TryAdd(ServiceDescriptor.Singleton(store)); // an instance: the container does not dispose it
        services.TryAddSingleton(new NoteSearch(store));
        services.TryAddSingleton(_ => new ProfileStore(store.Directory.Root));
        services.TryAddSingleton<SyncConnections>();
        services.TryAddSingleton(provider => new SyncEngine(
            store,
            provider.GetRequiredService<ProfileStore>(),
            provider.GetRequiredService<SyncConnections>().ClientFor,
            provider.GetRequiredService<TimeProvider>(),
            LoggerFor<SyncEngine>(provider)));
        services.TryAddSingleton(provider => new SyncAccount(
            store,
            provider.GetRequiredService<ProfileStore>(),
            provider.GetRequiredService<SyncConnections>().ClientFor));
        services.TryAddSingleton(provider => new AutoSync(
            provider.GetRequiredService<SyncEngine>(),
            store,
            provider.GetRequiredService<ProfileStore>(),
            autoSyncOptions,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<SyncConnections>().ClientFor,
            LoggerFor<AutoSync>(provider)));
        services.AddHostedService(provider => provider.GetRequiredService<AutoSync>());
        return services;
    }

    /// <summary>The host's logger, or none where nothing is logged (the CLI reports on standard error itself).</summary>
    private static ILogger<T> LoggerFor<T>(IServiceProvider provider) =>
        provider.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
