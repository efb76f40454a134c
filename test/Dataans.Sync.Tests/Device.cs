using Dataans.Core.Crypto;
using Dataans.Core.Export;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>A simulated device: its own data folder, store, profile and sync engine.</summary>
internal sealed class Device : IAsyncDisposable
{
    private Device(string root, DataansStore store)
    {
        Root = root;
        Store = store;
        Profiles = new ProfileStore(root);
        Engine = new SyncEngine(store, Profiles, profile => Client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken));
        Account = new SyncAccount(store, Profiles);
    }

    public string Root { get; }

    public DataansStore Store { get; }

    public ProfileStore Profiles { get; }

    public SyncEngine Engine { get; }

    public SyncAccount Account { get; }

    /// <summary>The HTTP client of the last run (for request and byte counts).</summary>
    public SyncHttpClient? Client { get; private set; }

    public static async Task<Device> CreateAsync(TimeProvider? time = null)
    {
        var root = Directory.CreateTempSubdirectory("dataans-device-").FullName;
        return new Device(root, await DataansStore.OpenAsync(new DataDirectory(root), time));
    }

    /// <summary>Opens an existing data folder as a device (deleted at dispose).</summary>
    public static async Task<Device> OpenAsync(string root) => new(root, await DataansStore.OpenAsync(new DataDirectory(root)));

    /// <summary>Signs in without the one-second key derivation (tests that need many devices).</summary>
    public Task UseKeyAsync(Uri server, string token, EncryptionKey key) =>
        Profiles.SaveAsync(new UserProfile { ServerUrl = server, AuthMode = AuthMode.Token, AuthToken = token, SecretKey = key, Passphrase = "Test-Pass-Phrase-For-Sync-Tests" });

    public async Task<SyncResult> SyncAsync(SyncOptions? options = null)
    {
        var result = await Engine.SyncAsync(options);
        Assert.True(result.Success, result.Message);
        return result;
    }

    public async Task<string> ExportAsync() => (await StateReader.ReadAsync(Store)).ToJson();

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held for a moment; the temp folder is cleaned by the OS.
        }
    }
}
