using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Dataans.Sync.Tests;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// The devices of one fault test: all signed in (same key, same token) to one server address, each
/// keeping every sync result it got, optionally each with an <see cref="AutoSync"/> loop on short backoff.
/// Also remembers which operations each device wrote and which attachments exist, for the convergence check.
/// </summary>
internal sealed class FaultFleet : IAsyncDisposable
{
    /// <summary>
    /// Short backoff so a retry after a fault comes within a second or two. The period stays at the
    /// production default (5 min, longer than any test's deadline): a recovery that only happens because
    /// of the periodic sync fails the test.
    /// </summary>
    public static readonly AutoSyncOptions FastRetry = new()
    {
        Debounce = TimeSpan.FromMilliseconds(50),
        Period = TimeSpan.FromMinutes(5),
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaxBackoff = TimeSpan.FromSeconds(2),
    };

    private readonly List<FleetDevice> _devices = [];
    private readonly EncryptionKey _key;
    private readonly Uri _server;
    private readonly string _token;

    private FaultFleet(Uri server, string token, EncryptionKey key)
    {
        _server = server;
        _token = token;
        _key = key;
    }

    public IReadOnlyList<FleetDevice> Devices => _devices;

    /// <summary>Attachments written by the test: file id → SHA-256 of the plaintext.</summary>
    public ConcurrentDictionary<Guid, byte[]> Attachments { get; } = new();

    public static async Task<FaultFleet> CreateAsync(Uri server, string token) =>
        new(server, token, await KeyDerivation.DeriveKeyAsync("test password", "Test-Pass-Phrase", 1_000));

    public async Task<FleetDevice> AddDeviceAsync(bool autoSync = false)
    {
        var device = await Device.CreateAsync();
        await device.UseKeyAsync(_server, _token, _key);
        var fleetDevice = new FleetDevice(device);
        _devices.Add(fleetDevice);
        if (autoSync)
        {
            await fleetDevice.StartAutoSyncAsync(FastRetry);
        }

        return fleetDevice;
    }

    /// <summary>Writes a note with an attachment of <paramref name="size"/> random bytes on <paramref name="device"/>.</summary>
    public async Task<Note> AttachAsync(FleetDevice device, Guid spaceId, int size, string name = "data.bin")
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var note = await device.Store.CreateNoteAsync(spaceId, $"attachment {name}", [new AttachmentSource(name, _ => Task.FromResult<Stream>(new MemoryStream(bytes)))]);
        Attachments[Assert.Single(note.Files).Id] = SHA256.HashData(bytes);
        return note;
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var device in _devices)
        {
            try
            {
                await device.DisposeAsync();
            }
            catch (Exception exception)
            {
                failures.Add(exception); // every device's folder is still removed; the test reports the failure
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(failures);
        }
    }
}

/// <summary>One device of a <see cref="FaultFleet"/>: the simulated device, its results and its auto sync loop.</summary>
internal sealed class FleetDevice : IAsyncDisposable
{
    private AutoSync? _auto;

    public FleetDevice(Device device)
    {
        Device = device;
        device.Engine.Completed += Results.Enqueue;
    }

    public Device Device { get; }

    public Core.Storage.DataansStore Store => Device.Store;

    /// <summary>Every sync result this device got, in order (manual runs and auto sync alike).</summary>
    public ConcurrentQueue<SyncResult> Results { get; } = new();

    public IReadOnlyList<SyncResult> Failures => [.. Results.Where(result => !result.Success)];

    /// <summary>Index in <see cref="Results"/> of the first result of the auto sync loop.</summary>
    public int AutoSyncFrom { get; private set; }

    public async Task StartAutoSyncAsync(AutoSyncOptions options)
    {
        var profile = await Device.Profiles.LoadAsync() ?? throw new InvalidOperationException("The device is not signed in.");
        await Device.Profiles.SaveAsync(profile with { SyncMode = SyncMode.Auto });
        AutoSyncFrom = Results.Count;
        _auto = new AutoSync(Device.Engine, Device.Store, Device.Profiles, options);
        _auto.Start();
    }

    /// <summary>Asks the auto sync loop (if any) for a sync now.</summary>
    public void SyncSoon() => _auto?.SyncSoon(TimeSpan.Zero);

    /// <summary>One manual sync; its result is returned whatever it is (the fault tests expect failures).</summary>
    public Task<SyncResult> TrySyncAsync() => Device.Engine.SyncAsync();

    /// <summary>Stops auto sync (waits for a running sync to end).</summary>
    public async Task StopAutoSyncAsync()
    {
        if (_auto is not null)
        {
            await _auto.DisposeAsync();
            _auto = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAutoSyncAsync();
        }
        finally
        {
            await Device.DisposeAsync();
        }
    }
}
