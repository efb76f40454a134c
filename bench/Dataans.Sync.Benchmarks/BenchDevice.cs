using System.Diagnostics;
using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Sync.Benchmarks;

/// <summary>A client device: its own data folder, store, profile (a key given directly) and sync engine.</summary>
internal sealed class BenchDevice : IAsyncDisposable
{
    private readonly Stopwatch _watch = new();

    private BenchDevice(string root, DataansStore store, ProfileStore profiles)
    {
        Root = root;
        Store = store;
        Engine = new SyncEngine(store, profiles);
        PlainJsonEngine = new SyncEngine(store, profiles, profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken) { UseContentCodings = false });
        Engine.ProgressChanged += progress =>
        {
            lock (Stages)
            {
                var now = _watch.Elapsed;
                Stages[progress.Stage] = Stages.TryGetValue(progress.Stage, out var seen) ? (seen.First, now) : (now, now);
            }
        };
    }

    public string Root { get; }

    public DataansStore Store { get; }

    public SyncEngine Engine { get; }

    /// <summary>The same device syncing as before HTTP content codings (protocol.md §4.9): plain JSON both ways.</summary>
    public SyncEngine PlainJsonEngine { get; }

    /// <summary>When each progress stage of the last run was first and last reported, from the start of the run.</summary>
    public Dictionary<string, (TimeSpan First, TimeSpan Last)> Stages { get; } = [];

    /// <summary>A signed-in device; the key is derived once by the caller, so no run here includes key derivation.</summary>
    public static async Task<BenchDevice> CreateAsync(string name, Uri server, string token, EncryptionKey key)
    {
        var root = Directory.CreateTempSubdirectory($"dataans-syncbench-{name}-").FullName;
        var store = await DataansStore.OpenAsync(new DataDirectory(root));
        var profiles = new ProfileStore(root);
        await profiles.SaveAsync(new UserProfile { ServerUrl = server, AuthMode = AuthMode.Token, AuthToken = token, SecretKey = key, Passphrase = "Bench-Pass-Phrase" });
        return new BenchDevice(root, store, profiles);
    }

    /// <exception cref="InvalidOperationException">The sync failed.</exception>
    public async Task<SyncResult> SyncAsync(SyncProtocol protocol = SyncProtocol.V2, bool plainJson = false)
    {
        Stages.Clear();
        _watch.Restart();
        var result = await (plainJson ? PlainJsonEngine : Engine).SyncAsync(new SyncOptions(protocol));
        return result.Success ? result : throw new InvalidOperationException($"A {protocol} sync failed: {result.Message}");
    }

    public ValueTask DisposeAsync()
    {
        Engine.Dispose();
        PlainJsonEngine.Dispose();
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
