using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// Shared by the local crash tests: a server, a source device with 1,200+ notes (synced to one
/// account, so a fresh device pulls them as one v1 answer of three pages), its export with file bytes, and
/// a small import target with what importing that export into it must give.
/// </summary>
public sealed class LocalCrashFixture : IAsyncLifetime
{
    private readonly Dictionary<string, byte[]> _bytes = [];
    private string _exportFolder = null!;

    internal ServerInstance Server { get; private set; } = null!;

    internal EncryptionKey Key { get; private set; } = null!;

    internal Device Source { get; private set; } = null!;

    internal string SourceToken { get; private set; } = null!;

    internal long SourceOperations { get; private set; }

    internal string ExportPath { get; private set; } = null!;

    internal string ImportTarget { get; private set; } = null!;

    internal string ImportTargetState { get; private set; } = null!;

    internal long ImportTargetOperations { get; private set; }

    internal string ImportedState { get; private set; } = null!;

    internal long ImportedOperations { get; private set; }

    /// <summary>Attachment bytes by file name (names are unique across the tests).</summary>
    internal IReadOnlyDictionary<string, byte[]> Bytes => _bytes;

    public async Task InitializeAsync()
    {
        Server = await ServerInstance.StartAsync();
        Key = await SyncScenarioTests.TestKeyAsync();
        Source = await Device.CreateAsync();
        for (var s = 0; s < 2; s++)
        {
            var space = await Source.Store.CreateSpaceAsync($"Space {s}");
            for (var i = 0; i < 600; i++)
            {
                await Source.Store.CreateNoteAsync(space.Id, $"note {s}/{i}");
            }

            var files = new[] { await NewFileAsync(Source.Root, $"source-{s}-a.bin"), await NewFileAsync(Source.Root, $"source-{s}-b.bin") };
            await Source.Store.CreateNoteAsync(space.Id, "with files", files.Select(AttachmentSource.FromPath).ToList());
        }

        SourceToken = await Server.AddUserAsync("source");
        await Source.UseKeyAsync(Server.BaseAddress, SourceToken, Key);
        await Source.SyncAsync();
        SourceOperations = (await Source.Store.SyncLedger.CountOperationsAsync()).Total;

        _exportFolder = CrashedCli.TempDirectory("dataans-crash-export-");
        ExportPath = await JsonExporter.ExportAsync(Source.Store, _exportFolder, withFiles: true);

        ImportTarget = CrashedCli.TempDirectory("dataans-import-target-");
        using (var target = await DataansStore.OpenAsync(new DataDirectory(ImportTarget)))
        {
            var space = await target.CreateSpaceAsync("Local");
            await target.CreateNoteAsync(space.Id, "written here before the import");
            ImportTargetState = (await StateReader.ReadAsync(target)).ToJson();
            ImportTargetOperations = (await target.SyncLedger.CountOperationsAsync()).Total;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reference = CrashedCli.TempDirectory("dataans-import-reference-");
        CrashedCli.CopyDirectory(ImportTarget, reference);
        using (var store = await DataansStore.OpenAsync(new DataDirectory(reference)))
        {
            await Importer.ImportAsync(store, ExportPath);
            ImportedState = (await StateReader.ReadAsync(store)).ToJson();
            ImportedOperations = (await store.SyncLedger.CountOperationsAsync()).Total;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(reference, recursive: true);
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Server.DisposeAsync();
        Directory.Delete(_exportFolder, recursive: true);
        Directory.Delete(ImportTarget, recursive: true);
    }

    /// <summary>Writes random bytes to a new file and remembers them under its name.</summary>
    internal async Task<string> NewFileAsync(string folder, string name)
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var path = Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, bytes);
        lock (_bytes)
        {
            _bytes[name] = bytes;
        }

        return path;
    }
}
