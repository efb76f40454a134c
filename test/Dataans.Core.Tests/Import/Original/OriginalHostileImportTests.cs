using Dataans.Core.Import;
using Dataans.Core.Import.Original;
using Dataans.Core.Storage;
using Dataans.Tests.Original;
using Microsoft.Data.Sqlite;
using static Dataans.Tests.Original.OriginalScenario;

namespace Dataans.Core.Tests.Import.Original;

/// <summary>Damaged and hostile original folders: one sentence, nothing changed here or there.</summary>
public sealed class OriginalHostileImportTests : IDisposable
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
    public async Task NotAnOriginalFolder_IsNamed()
    {
        var error = Assert.Throws<ImportException>(() => OriginalLocation.FromFolder(_original.Path));
        Assert.Equal($"'{_original.Path}' is not a folder of the original Dataans app: it has no db/dataans.sqlite.", error.Message);
    }

    [Fact]
    public async Task DataFolderOfThisApp_IsToldApart()
    {
        using (var other = await DataansStore.OpenAsync(new DataDirectory(_original.Path)))
        {
            await other.CreateSpaceAsync("Ours");
        }

        SqliteConnection.ClearAllPools(); // closes the store's pooled connections, which checkpoints its log

        await AssertRefusedAsync("belongs to a data folder of this app, not of the original; export it with 'dataans export' and import that export");
    }

    [Fact]
    public async Task RandomBytesForADatabase_AreRefused()
    {
        Directory.CreateDirectory(Path.Combine(_original.Path, "db"));
        await File.WriteAllBytesAsync(Path.Combine(_original.Path, "db", "dataans.sqlite"), Bytes(8192, 9));
        await AssertRefusedAsync("cannot be read (SQLite Error 26: 'file is not a database')");
    }

    [Fact]
    public async Task TruncatedDatabase_IsRefused()
    {
        Build(_original.Path);
        var db = Path.Combine(_original.Path, "db", "dataans.sqlite");
        var bytes = await File.ReadAllBytesAsync(db);
        await File.WriteAllBytesAsync(db, bytes[..(bytes.Length / 2)]);
        await AssertRefusedAsync("database");
    }

    [Fact]
    public async Task AnotherSchema_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_original.Path, "db"));
        Execute("CREATE TABLE spaces (id BLOB, name TEXT, avatar_id TEXT, created_at TEXT);");
        await AssertRefusedAsync("is not a database of the original Dataans app: it has no table 'notes'");
        Execute("CREATE TABLE notes (id BLOB, body TEXT, created_at TEXT, space_id BLOB); CREATE TABLE files (id BLOB, name TEXT, path TEXT); CREATE TABLE notes_files (note_id BLOB, file_id BLOB);");
        await AssertRefusedAsync("table 'notes' has no column 'text'");
    }

    [Theory]
    [InlineData("../../../home/someone/.ssh/id_rsa")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/dir/file.txt")]
    public async Task FilePathLeavingTheFolder_IsRefused(string path)
    {
        Build(_original.Path);
        Execute($"UPDATE files SET path = '{path}' WHERE rowid = (SELECT max(rowid) FROM files WHERE path NOT LIKE '/public/%')");
        await AssertRefusedAsync("has a path that leaves its files folder");
    }

    [Fact]
    public async Task OperationNamingAPathOutside_IsRefused()
    {
        var scenario = Build(_original.Path);
        var logged = scenario.Builder.Log.First(op => op.Json.StartsWith("{\"CreateFile\"", StringComparison.Ordinal) && !op.Json.Contains("/public/", StringComparison.Ordinal));
        Execute($"UPDATE operations SET operation = replace(operation, '\"path\":\"', '\"path\":\"../') WHERE hex(id) = '{Convert.ToHexString(logged.Id.ToByteArray(bigEndian: true))}'");
        await AssertRefusedAsync("names a file path that leaves its files folder");
    }

    [Fact]
    public async Task SymbolicLinkAmongTheFiles_IsNotFollowed()
    {
        var scenario = Build(_original.Path);
        var name = $"{scenario.CustomAvatar}.png";
        var target = Path.Combine(_ours.Path, "..", "secret-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(target, "secret");
        try
        {
            File.Delete(Path.Combine(_original.Path, "files", name));
            File.CreateSymbolicLink(Path.Combine(_original.Path, "files", name), target);
            await AssertRefusedAsync("is a symbolic link, which an import of the original app does not follow");
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public async Task HugeRow_IsRefused_WithoutReadingIt()
    {
        Build(_original.Path);
        Execute("UPDATE notes SET text = zeroblob(5 * 1024 * 1024) WHERE rowid = 1");
        await AssertRefusedAsync("has a text of more than 4,194,304 bytes");
    }

    [Theory]
    [InlineData("UPDATE notes SET created_at = 'yesterday' WHERE rowid = 1", "has a time that is not RFC 3339 in note")]
    [InlineData("UPDATE spaces SET id = x'0102' WHERE rowid = 1", "has an id that is not a UUID in spaces")]
    [InlineData("UPDATE operations SET operation = '{\"DropTable\":1}' WHERE rowid = 1", "is not a valid operation (Unknown operation kind 'DropTable')")]
    [InlineData("UPDATE spaces SET is_deleted = 'maybe' WHERE rowid = 1", "has an is_deleted flag that is not 0 or 1")]
    public async Task DamagedValues_AreNamed(string damage, string expected)
    {
        Build(_original.Path);
        Execute(damage);
        await AssertRefusedAsync(expected);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_original.Path, "db", "dataans.sqlite"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = OFF; " + sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The import fails with one sentence containing <paramref name="expected"/>; neither folder changed.</summary>
    private async Task AssertRefusedAsync(string expected)
    {
        var before = HashFolder(_original.Path);
        using var store = await DataansStore.OpenAsync(new DataDirectory(_ours.Path));

        var error = await Assert.ThrowsAsync<ImportException>(() => OriginalImporter.ImportAsync(store, OriginalLocation.FromFolder(_original.Path)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, HashFolder(_original.Path));
        Assert.Empty(await store.ListSpacesAsync());
        Assert.Equal((0L, 0L), await store.SyncLedger.CountOperationsAsync());
        Assert.Empty(Directory.EnumerateFiles(store.Files.Root));
        Assert.False(File.Exists(Path.Combine(_ours.Path, "configs", "config.toml")));
    }
}
