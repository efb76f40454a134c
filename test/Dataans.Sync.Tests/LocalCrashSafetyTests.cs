using System.Security.Cryptography;
using Dataans.Core.Export;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// Kills the real `dataans` CLI (DATAANS_CRASH_AT) while it adds a note with attachments, imports a
/// 1,200-note export with files, and applies a pulled page of 1,200+ operations in one transaction;
/// then checks the database is intact, the change is all or nothing, the files folder holds exactly
/// the files rows name, and the next sync completes and another device converges.
/// </summary>
public sealed class LocalCrashSafetyTests(LocalCrashFixture fixture) : IClassFixture<LocalCrashFixture>
{
    private const string NoteText = "a note with three files";

    [Theory]
    [InlineData("note.add.staged:1", false)]
    [InlineData("files.moved-in:1", false)]
    [InlineData("files.moved-in:3", false)]
    [InlineData("store.write.before-commit:1", false)]
    [InlineData("note.add.committed:1", true)]
    public async Task KilledNoteAdd_NoteExistsWithAllFilesOrNotAtAll_AndSyncs(string crashPoint, bool committed)
    {
        var root = CrashedCli.TempDirectory("dataans-crash-note-");
        var sources = CrashedCli.TempDirectory("dataans-crash-attach-");
        Guid spaceId;
        long before;
        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            spaceId = (await store.CreateSpaceAsync("Crash")).Id;
            await store.CreateNoteAsync(spaceId, "already here");
            before = (await store.SyncLedger.CountOperationsAsync()).Total;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        string[] attach = [];
        for (var i = 0; i < 3; i++)
        {
            attach = [.. attach, "--attach", await fixture.NewFileAsync(sources, $"note-{tag}-{i}.bin")];
        }

        await CrashedCli.RunAsync(root, crashPoint, ["note", "add", "--space", spaceId.ToString(), .. attach, NoteText]);
        Directory.Delete(sources, recursive: true);

        await using var device = await Device.OpenAsync(root);
        Assert.Equal("ok", await CrashedCli.IntegrityAsync(device.Store));
        var added = (await device.Store.ListNotesAsync(spaceId, 100)).Where(note => note.Text == NoteText).ToList();
        Assert.Equal(committed ? 1 : 0, added.Count);
        Assert.True(!committed || added[0].Files.Count == 3, "the note lost some of its files");
        Assert.Equal(before + (committed ? 5 : 0), (await device.Store.SyncLedger.CountOperationsAsync()).Total);
        await CrashedCli.AssertFilesFolderCleanAsync(device.Store, fixture.Bytes);
        await AssertNextSyncConvergesAsync(device);
        Figures.Record("crash", $"note add killed at {crashPoint} survived", 1);
    }

    [Theory]
    [InlineData("import.staged:1", false)]
    [InlineData("import.file.moved-in:1", false)]
    [InlineData("import.file.moved-in:3", false)]
    [InlineData("import.note:1", false)]
    [InlineData("import.note:600", false)]
    [InlineData("import.before-commit:1", false)]
    [InlineData("import.committed:1", true)]
    public async Task KilledImport_IsAllOrNothing_AndRerunCompletesIt(string crashPoint, bool committed)
    {
        var root = CrashedCli.TempDirectory("dataans-crash-import-");
        CrashedCli.CopyDirectory(fixture.ImportTarget, root);
        await CrashedCli.RunAsync(root, crashPoint, "import", fixture.ExportPath);

        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            Assert.Equal("ok", await CrashedCli.IntegrityAsync(store));
            Assert.Equal(committed ? fixture.ImportedState : fixture.ImportTargetState, (await StateReader.ReadAsync(store)).ToJson());
            Assert.Equal(committed ? fixture.ImportedOperations : fixture.ImportTargetOperations, (await store.SyncLedger.CountOperationsAsync()).Total);
            await CrashedCli.AssertFilesFolderCleanAsync(store, fixture.Bytes);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await CrashedCli.RunAsync(root, crashPoint: null, "import", fixture.ExportPath);

        await using var device = await Device.OpenAsync(root);
        Assert.Equal(fixture.ImportedState, await device.ExportAsync());
        Assert.Equal(fixture.ImportedOperations, (await device.Store.SyncLedger.CountOperationsAsync()).Total);
        await CrashedCli.AssertFilesFolderCleanAsync(device.Store, fixture.Bytes);
        await AssertNextSyncConvergesAsync(device);
        Figures.Record("crash", $"import killed at {crashPoint} survived", 1);
    }

    /// <summary>
    /// v1 sends everything a fresh device lacks in one answer (1,200+ operations here), and the device applies it a
    /// page of <see cref="SyncEngine.PullPageSize"/> at a time, each page in one transaction: a kill keeps the pages
    /// committed before it (none, or the first when killed in or after the second) and rolls the current one back
    /// whole; the next run fetches the rest.
    /// </summary>
    [Theory]
    [InlineData("store.apply.record:1", 0)]
    [InlineData("store.apply.record:1000", 1)] // the 500th record of the second page
    [InlineData("sync.apply.in-transaction:1", 0)]
    [InlineData("sync.apply.committed:1", 1)]
    public async Task KilledV1Apply_KeepsWholePages_AndConverges(string crashPoint, int pagesCommitted)
    {
        Assert.True(fixture.SourceOperations > 2 * SyncEngine.PullPageSize, $"the answer holds only {fixture.SourceOperations} operations");
        var root = CrashedCli.TempDirectory("dataans-crash-page-");
        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            await new ProfileStore(root).SaveAsync(new UserProfile
            {
                ServerUrl = fixture.Server.BaseAddress,
                AuthMode = AuthMode.Token,
                AuthToken = fixture.SourceToken,
                SecretKey = fixture.Key,
                Passphrase = "Test-Pass-Phrase",
            });
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await CrashedCli.RunAsync(root, crashPoint, "sync", "now", "--protocol", "v1");

        await using var device = await Device.OpenAsync(root);
        Assert.Equal("ok", await CrashedCli.IntegrityAsync(device.Store));
        Assert.Equal(pagesCommitted * SyncEngine.PullPageSize, (await device.Store.SyncLedger.CountOperationsAsync()).Total);
        await CrashedCli.AssertFilesFolderCleanAsync(device.Store, fixture.Bytes, allDownloaded: false);

        var rerun = await device.SyncAsync(new SyncOptions(SyncProtocol.V1)); // v1 again: from the common blocks, skipping what it holds
        Assert.Equal(fixture.SourceOperations - (pagesCommitted * SyncEngine.PullPageSize), rerun.Pulled);
        await fixture.Source.SyncAsync();
        Assert.Equal(await fixture.Source.ExportAsync(), await device.ExportAsync());
        Assert.Equal((fixture.SourceOperations, 0L), await device.Store.SyncLedger.CountOperationsAsync());
        await CrashedCli.AssertFilesFolderCleanAsync(device.Store, fixture.Bytes);
        Figures.Record("crash", $"v1 apply killed at {crashPoint} survived", 1);
    }

    /// <summary>Syncs <paramref name="device"/> to a new account; a fresh device then gets the same state and bytes.</summary>
    private async Task AssertNextSyncConvergesAsync(Device device)
    {
        var token = await fixture.Server.AddUserAsync("u" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        await device.UseKeyAsync(fixture.Server.BaseAddress, token, fixture.Key);
        await device.SyncAsync();
        Assert.Equal(0, (await device.Store.SyncLedger.CountOperationsAsync()).Pending);

        await using var other = await Device.CreateAsync();
        await other.UseKeyAsync(fixture.Server.BaseAddress, token, fixture.Key);
        await other.SyncAsync();
        Assert.Equal(await device.ExportAsync(), await other.ExportAsync());
        await CrashedCli.AssertFilesFolderCleanAsync(other.Store, fixture.Bytes);
    }
}
