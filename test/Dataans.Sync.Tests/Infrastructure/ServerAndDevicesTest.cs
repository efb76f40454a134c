using Dataans.Core.Crypto;

namespace Dataans.Sync.Tests;

/// <summary>
/// A test class's own dataans-server (in process, on Kestrel) with the token user "alice", and the devices
/// its tests create; everything is disposed when the class's tests end.
/// </summary>
public abstract class ServerAndDevicesTest : IAsyncLifetime
{
    private readonly List<Device> _devices = [];

    protected ServerInstance Server { get; private set; } = null!;

    /// <summary>alice's token.</summary>
    protected string Token { get; private set; } = null!;

    /// <summary>The key every keyed device of a test shares unless it is given another (cheap to derive).</summary>
    internal static Task<EncryptionKey> TestKeyAsync() => KeyDerivation.DeriveKeyAsync("test password", "Test-Pass-Phrase", 1_000);

    public async Task InitializeAsync()
    {
        Server = await ServerInstance.StartAsync(await ServerArgsAsync());
        Token = await Server.AddUserAsync("alice");
        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    /// <summary>dataans-server options of this class's server (SQLite and a files folder in a temp --data-dir unless overridden).</summary>
    protected virtual Task<string[]> ServerArgsAsync() => Task.FromResult<string[]>([]);

    /// <summary>Runs once the server and alice exist, e.g. to create a test class's device.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>A new device that is not signed in.</summary>
    private protected async Task<Device> NewDeviceAsync()
    {
        var device = await Device.CreateAsync();
        _devices.Add(device);
        return device;
    }

    /// <summary>A new device using <paramref name="key"/> (the test key unless given) with alice's token.</summary>
    private protected async Task<Device> KeyedDeviceAsync(EncryptionKey? key = null)
    {
        var device = await NewDeviceAsync();
        await device.UseKeyAsync(Server.BaseAddress, Token, key ?? await TestKeyAsync());
        return device;
    }
}
