using Dataans.Contracts;
using Dataans.Core.Import.Original;
using Dataans.Core.Model;
using Dataans.Core.Storage;
using Dataans.Tests.Original;
using Microsoft.Data.Sqlite;
using static Dataans.Tests.Original.OriginalScenario;

namespace Dataans.Core.Tests.Import.Original;

/// <summary>An original installation built from its migrations, imported into a fresh store.</summary>
public sealed class OriginalImportTests : IDisposable
{
    private readonly TestDataDirectory _original = new();
    private readonly TestDataDirectory _ours = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _original.Dispose();
        _ours.Dispose();
    }

    [Fact]
    public async Task Import_CarriesEverySpaceNoteTimeFileAndOperation_AndOnlyReadsTheOriginal()
    {
        var scenario = Build(_original.Path);
        var before = HashFolder(scenario.Root);
        using var store = await DataansStore.OpenAsync(new DataDirectory(_ours.Path));

        var result = await OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(scenario.Root));

        Assert.Equal(before, HashFolder(scenario.Root));
        var db = Path.Combine(scenario.Root, "db", "dataans.sqlite");
        var spaces = Query(db, "SELECT id, name, created_at, updated_at FROM spaces WHERE is_deleted = 0");
        var shown = await store.ListSpacesAsync();
        Assert.Equal(spaces.Select(row => Id(row[0])).Order(), shown.Select(space => space.Id).Order());
        Assert.Equal((4, 6), (result.Spaces, result.Notes));
        var operations = Query(db, "SELECT id, created_at, operation FROM operations");
        foreach (var row in spaces)
        {
            var space = shown.Single(space => space.Id == Id(row[0]));
            Assert.Equal((string)row[1]!, space.Name);
            Assert.Equal(OriginalWire.ParseRfc3339((string)row[2]!), space.CreatedAt.UnixNanoseconds);
            Assert.Equal(OriginalWire.ParseRfc3339((string)row[3]!), space.UpdatedAt.UnixNanoseconds);
        }

        var notes = Query(db, "SELECT n.id, n.text, n.created_at, n.space_id FROM notes n JOIN spaces s ON s.id = n.space_id WHERE n.is_deleted = 0 AND s.is_deleted = 0");
        Assert.Equal(6, notes.Count);
        foreach (var row in notes)
        {
            var note = await store.GetNoteAsync(Id(row[0]));
            Assert.Equal((string)row[1]!, note.Text);
            Assert.Equal(Id(row[3]), note.SpaceId);
            var created = OriginalWire.ParseRfc3339((string)row[2]!);
            Assert.Equal(created, note.CreatedAt.UnixNanoseconds);

            // The time its text last changed: its last UpdateNote, else its creation (a file-set change is not an edit).
            var lastEdit = operations.Where(op => ((string)op[2]!).StartsWith("{\"UpdateNote\":", StringComparison.Ordinal) && ((string)op[2]!).Contains(note.Id.ToString(), StringComparison.Ordinal))
                .Select(op => OriginalWire.ParseRfc3339((string)op[1]!)).DefaultIfEmpty(created).Max();
            Assert.Equal(lastEdit, note.UpdatedAt.UnixNanoseconds);

            var links = Query(db, $"SELECT file_id FROM notes_files WHERE hex(note_id) = '{Convert.ToHexString(note.Id.ToByteArray(bigEndian: true))}'").Select(link => Id(link[0]));
            Assert.Equal(links.Order(), note.Files.Select(file => file.Id).Order());
            foreach (var file in note.Files.Where(file => file.Id != scenario.MissingFile))
            {
                Assert.Equal(FileStatus.ExistAndNotUploaded, file.Status);
                Assert.Equal(scenario.Builder.Bytes[file.Id], await File.ReadAllBytesAsync(store.Files.Resolve(file.Path)!));
            }
        }

        Assert.DoesNotContain(shown, space => space.Id == scenario.TrashSpace);
        await Assert.ThrowsAsync<NotFoundException>(() => store.GetNoteAsync(scenario.DeletedNote));
        var missing = (await store.GetNoteAsync(notes.Select(row => Id(row[0])).Single(id => store.GetNoteAsync(id).Result.Files.Any(file => file.Id == scenario.MissingFile)))).Files.Single();
        Assert.Equal(FileStatus.NotExistAndNotUploaded, missing.Status);
        Assert.Contains("gone.txt", Assert.Single(result.Warnings), StringComparison.Ordinal); // not the draft file removed with its bytes

        // Avatars: the custom one and the generated one of 0.2 (in images/) keep their bytes; the shared
        // default of 0.2 becomes a row of the space's own with the default's pseudo path.
        Assert.Equal(scenario.Builder.Bytes[scenario.CustomAvatar], await File.ReadAllBytesAsync(store.Files.Resolve(shown.Single(s => s.Id == scenario.PhotosSpace).AvatarPath!)!));
        var old = shown.Single(s => s.Id == scenario.OldSpace);
        Assert.Equal(scenario.Builder.Bytes[old.AvatarId], await File.ReadAllBytesAsync(store.Files.Resolve(old.AvatarPath!)!));
        var plain = shown.Single(s => s.Id == scenario.PlainSpace);
        Assert.NotEqual(OriginalInstallationBuilder.DefaultAvatarId, plain.AvatarId);
        Assert.Equal(OriginalInstallationBuilder.DefaultAvatarPath, plain.AvatarPath);
        Assert.Equal(scenario.Builder.Bytes[scenario.PastedImage], await File.ReadAllBytesAsync(Path.Combine(store.Files.Root, Query(db, $"SELECT path FROM files WHERE hex(id) = '{Convert.ToHexString(scenario.PastedImage.ToByteArray(bigEndian: true))}'").Single()[0]!.ToString()!)));

        // The operation log: the original's operations with their ids, times, JSON and digests, and ones of
        // their own for the rows written before the sync release.
        var ours = Query(store.Database.Path, "SELECT id, created_at, operation, digest FROM operations").ToDictionary(row => Id(row[0]));
        Assert.Equal(scenario.Builder.Log.Count, result.OriginalOperations);
        Assert.Equal(scenario.Builder.Log.Count + result.CreatedOperations, ours.Count);
        foreach (var logged in scenario.Builder.Log)
        {
            var row = ours[logged.Id];
            Assert.Equal(logged.CreatedAt, (long)row[1]!);
            Assert.Equal(logged.Json, (string)row[2]!);
            Assert.Equal(logged.Digest, (byte[])row[3]!);
        }

        var oldNoteCreate = ours.Values.Single(row => ((string)row[2]!).StartsWith("{\"CreateNote\":", StringComparison.Ordinal) && ((string)row[2]!).Contains(scenario.OldNote.ToString(), StringComparison.Ordinal));
        Assert.Equal((await store.GetNoteAsync(scenario.OldNote)).CreatedAt.UnixNanoseconds, (long)oldNoteCreate[1]!);
        var oldFileCreate = (string)ours.Values.Single(row => ((string)row[2]!).StartsWith("{\"CreateFile\":", StringComparison.Ordinal) && ((string)row[2]!).Contains(scenario.OldAttachment.ToString(), StringComparison.Ordinal))[2]!;
        Assert.Contains("\"created_at\":\"2024-06-14T22:32:08.134275686Z\"", oldFileCreate, StringComparison.Ordinal); // the migration's default time
        Assert.Contains($"\"path\":\"{scenario.OldAttachment}_report 2024.pdf\"", oldFileCreate, StringComparison.Ordinal);

        // Settings: no config of ours yet, so the original's is taken whole, with its theme file.
        Assert.True(result.SettingsImported);
        Assert.Equal(ConfigToml, await File.ReadAllTextAsync(Path.Combine(_ours.Path, "configs", "config.toml")));
        Assert.Equal(ThemeToml, await File.ReadAllTextAsync(Path.Combine(_ours.Path, "configs", "theme_solar.toml")));
    }

    [Fact]
    public async Task SecondImport_ChangesNothing()
    {
        var scenario = Build(_original.Path);
        using var store = await DataansStore.OpenAsync(new DataDirectory(_ours.Path));
        var first = await OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(scenario.Root));
        var state = (await Dataans.Core.Export.StateReader.ReadAsync(store)).ToJson();
        var log = await store.SyncLedger.CountOperationsAsync();
        var files = HashFolder(store.Files.Root);
        var config = HashFolder(Path.Combine(_ours.Path, "configs"));

        var second = await OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(scenario.Root));

        Assert.Equal(first.OriginalOperations + first.CreatedOperations, first.Applied);
        Assert.Equal((0, first.Applied, 0), (second.Applied, second.AlreadyKnown, second.FilesCopied));
        Assert.False(second.SettingsImported);
        Assert.Equal(state, (await Dataans.Core.Export.StateReader.ReadAsync(store)).ToJson());
        Assert.Equal(log, await store.SyncLedger.CountOperationsAsync());
        Assert.Equal(files, HashFolder(store.Files.Root));
        Assert.Equal(config, HashFolder(Path.Combine(_ours.Path, "configs")));
    }

    [Fact]
    public async Task InstallationThatNeverHadSync_GetsOperationsOfItsOwn_ThatApplyAnywhere()
    {
        var builder = OriginalInstallationBuilder.Create(_original.Path);
        var shared = builder.LegacyDefaultAvatar();
        var space = builder.LegacySpace("Только 0.2", shared);
        var file = builder.LegacyAttachment("a.txt", [1, 2, 3]);
        var note = builder.LegacyNote(space, "old", file);
        builder.Dispose();
        using var store = await DataansStore.OpenAsync(new DataDirectory(_ours.Path));

        var result = await OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(_original.Path));

        Assert.Equal((1, 1, 0), (result.Spaces, result.Notes, result.OriginalOperations));
        Assert.Equal(5, result.CreatedOperations); // avatar row, space, attachment, note, its file set
        var imported = await store.GetNoteAsync(note);
        Assert.Equal(file, imported.Files.Single().Id);
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(store.Files.Resolve(imported.Files.Single().Path)!));

        // The same operations applied by another device (in any order) give the same state.
        using var other = await DataansStore.OpenAsync(new DataDirectory(Path.Combine(_ours.Path, "other")));
        var records = (await store.SyncLedger.ReadLogAsync()).Select(logged => logged.Record).Reverse().ToList();
        await other.ApplyAsync(records);
        Assert.Equal((await Dataans.Core.Export.StateReader.ReadAsync(store)).Spaces.Single().Name, (await Dataans.Core.Export.StateReader.ReadAsync(other)).Spaces.Single().Name);
        Assert.Equal("old", (await other.GetNoteAsync(note)).Text);
    }

    [Fact]
    public async Task TheSameUserDataImportedOnTwoDevices_GivesTheSameOperationIds()
    {
        var scenario = Build(_original.Path);
        using var first = await DataansStore.OpenAsync(new DataDirectory(Path.Combine(_ours.Path, "a")));
        using var second = await DataansStore.OpenAsync(new DataDirectory(Path.Combine(_ours.Path, "b")));

        await OriginalImporter.ImportAsync(first, OriginalLocation.FromFolder(scenario.Root));
        await OriginalImporter.ImportAsync(second, OriginalLocation.FromFolder(scenario.Root));

        Assert.Equal(
            (await first.SyncLedger.ReadLogAsync()).Select(op => (op.Record.Id, Convert.ToHexString(op.Digest))),
            (await second.SyncLedger.ReadLogAsync()).Select(op => (op.Record.Id, Convert.ToHexString(op.Digest))));
    }

    [Fact]
    public async Task ExistingConfig_GetsTheOriginalsBindingsAndTheme_KeepingItsComments()
    {
        var scenario = Build(_original.Path);
        Directory.CreateDirectory(Path.Combine(_ours.Path, "configs"));
        var ours = "# my comment\n[key-bindings]\n# before find\nfind-note = \"Ctrl+k\"\n\n[appearance]\ntheme = \"theme_dark.toml\" # dark\n\n[app]\nport = 7790\n";
        await File.WriteAllTextAsync(Path.Combine(_ours.Path, "configs", "config.toml"), ours);
        using var store = await DataansStore.OpenAsync(new DataDirectory(_ours.Path));

        await OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(scenario.Root));

        var text = await File.ReadAllTextAsync(Path.Combine(_ours.Path, "configs", "config.toml"));
        Assert.Contains("# my comment", text, StringComparison.Ordinal);
        Assert.Contains("# before find\nfind-note = \"Ctrl+f\"", text, StringComparison.Ordinal);
        Assert.Contains("toggle-spaces-bar = \"Ctrl+b\"", text, StringComparison.Ordinal);
        Assert.Contains("select-prev-list-item = \"Alt+ArrowUp\"", text, StringComparison.Ordinal);
        Assert.Contains("theme = \"theme_solar.toml\"", text, StringComparison.Ordinal);
        Assert.Contains("port = 7790", text, StringComparison.Ordinal);
        var table = Tomlyn.TomlSerializer.Deserialize<Tomlyn.Model.TomlTable>(text)!;
        Assert.Equal(9, ((Tomlyn.Model.TomlTable)table["key-bindings"]).Count);
    }

    [Fact]
    public void DefaultPlace_FollowsEachOs_AndHonoursBasePath()
    {
        string? Env(string name) => name switch { "APPDATA" => @"C:\Users\a\AppData\Roaming", "XDG_DATA_HOME" => "/xdg", _ => null };
        Assert.Equal(Path.Combine("/xdg", "com.tbt.dataans"), OriginalLocation.DefaultAppDataFolder(System.Runtime.InteropServices.OSPlatform.Linux, Env, "/home/a"));
        Assert.Equal(Path.Combine("/home/a", ".local", "share", "com.tbt.dataans"), OriginalLocation.DefaultAppDataFolder(System.Runtime.InteropServices.OSPlatform.Linux, _ => null, "/home/a"));
        Assert.Equal(Path.Combine(@"C:\Users\a\AppData\Roaming", "com.tbt.dataans"), OriginalLocation.DefaultAppDataFolder(System.Runtime.InteropServices.OSPlatform.Windows, Env, "/home/a"));
        Assert.Equal(Path.Combine("/Users/a", "Library", "Application Support", "com.tbt.dataans"), OriginalLocation.DefaultAppDataFolder(System.Runtime.InteropServices.OSPlatform.OSX, Env, "/Users/a"));

        var appData = Path.Combine(_original.Path, "xdg", "com.tbt.dataans");
        var data = Path.Combine(_original.Path, "elsewhere");
        Directory.CreateDirectory(Path.Combine(appData, "configs"));
        File.WriteAllText(Path.Combine(appData, "configs", "config.toml"), $"[key-bindings]\n[appearance]\n[app]\nbase-path = \"{data.Replace("\\", "\\\\", StringComparison.Ordinal)}\"\n");
        Assert.Null(OriginalLocation.FindDefault(name => name == "XDG_DATA_HOME" ? Path.Combine(_original.Path, "xdg") : null, "/nonexistent"));
        OriginalInstallationBuilder.Create(data).Dispose();

        var found = OriginalLocation.FindDefault(name => name == "XDG_DATA_HOME" ? Path.Combine(_original.Path, "xdg") : null, "/nonexistent");

        Assert.Equal(Path.GetFullPath(data), found!.DataFolder);
        Assert.Equal(Path.Combine(appData, "configs", "config.toml"), found.ConfigFile);
    }

    [Fact]
    public async Task WithProfile_TakesOverTheOriginalsSignIn_ButNotOverAnotherAccount()
    {
        var scenario = Build(_original.Path);
        var key = string.Join(',', Enumerable.Range(1, 32));
        scenario.Builder.WriteProfile($"{{\"auth_token\":\"eyJ.a.b\",\"secret_key\":[{key}],\"salt\":\"Aa-Bb-Cc-Dd-Ee\",\"sync_config\":{{\"url\":\"https://backup.dataans.com/\",\"mode\":\"Manual\"}}}}");
        using var store = await DataansStore.OpenAsync(new DataDirectory(_ours.Path));

        var result = await OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(scenario.Root), withProfile: true);

        Assert.True(result.ProfileImported);
        var profile = (await new Dataans.Core.Profile.ProfileStore(_ours.Path).LoadAsync())!;
        Assert.Equal(new Uri("https://backup.dataans.com/"), profile.ServerUrl);
        Assert.Equal(Dataans.Core.Profile.AuthMode.Cloudflare, profile.AuthMode);
        Assert.Equal("Aa-Bb-Cc-Dd-Ee", profile.Passphrase);
        Assert.Equal(Enumerable.Range(1, 32).Select(value => (byte)value), profile.SecretKey.ToArray());

        var elsewhere = new TestDataDirectory();
        try
        {
            using var other = await DataansStore.OpenAsync(new DataDirectory(elsewhere.Path));
            await new Dataans.Core.Profile.ProfileStore(elsewhere.Path).SaveAsync(profile with { ServerUrl = new Uri("https://other.example/") });
            var error = await Assert.ThrowsAsync<Dataans.Core.Import.ImportException>(() => OriginalImporter.ImportAsync(other, OriginalLocation.FromFolder(scenario.Root), withProfile: true));
            Assert.Contains("already signed in to https://other.example/", error.Message, StringComparison.Ordinal);
            Assert.Empty(await other.ListSpacesAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            elsewhere.Dispose();
        }
    }
}
