using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dataans.Core.Tests;

public sealed class DataansCoreServicesTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddDataansCore_AutoSyncIsTheOneHostedService_AndResolvingStartsNothing()
    {
        using var store = await _directory.OpenStoreAsync();
        await using var services = new ServiceCollection().AddDataansCore(store).BuildServiceProvider();

        var auto = services.GetRequiredService<AutoSync>();
        var hosted = Assert.Single(services.GetServices<IHostedService>());

        Assert.Same(auto, hosted);
        Assert.False(services.GetRequiredService<SyncEngine>().IsRunning);
    }

    [Fact]
    public async Task AddDataansCore_EngineAccountAndListener_ShareOneProfileStoreAndOneConnectionPool()
    {
        using var store = await _directory.OpenStoreAsync();
        await using var services = new ServiceCollection().AddDataansCore(store).BuildServiceProvider();

        Assert.Same(services.GetRequiredService<ProfileStore>(), services.GetRequiredService<ProfileStore>());
        Assert.Same(services.GetRequiredService<SyncConnections>(), services.GetRequiredService<SyncConnections>());
        Assert.Same(services.GetRequiredService<SyncEngine>(), services.GetRequiredService<SyncEngine>());
        Assert.Same(services.GetRequiredService<SyncAccount>(), services.GetRequiredService<SyncAccount>());
        Assert.Equal(Path.Combine(_directory.Path, "profile", "profile.json"), services.GetRequiredService<ProfileStore>().FilePath);
    }

    [Fact]
    public async Task AddDataansCore_KeepsARegistrationMadeBefore()
    {
        using var store = await _directory.OpenStoreAsync();
        var clock = new SteppingClock(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));
        await using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddDataansCore(store).BuildServiceProvider();

        Assert.Same(clock, services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task DisposingTheServices_LeavesTheCallersStoreOpen()
    {
        using var store = await _directory.OpenStoreAsync();
        await using (var services = new ServiceCollection().AddDataansCore(store).BuildServiceProvider())
        {
            _ = services.GetRequiredService<SyncEngine>();
        }

        var space = await store.CreateSpaceAsync("Still open");
        Assert.Equal("Still open", (await store.GetSpaceAsync(space.Id)).Name);
    }
}
