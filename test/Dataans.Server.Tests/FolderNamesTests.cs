using System.Text;
using Dataans.Server.Configuration;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Files;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Tests;

/// <summary>
/// Issue 14, item 7: users' folders in the folder file store stay apart on case-insensitive file systems
/// (Alice and alice are two users), and folders of the earlier naming move on start (real files).
/// </summary>
public sealed class FolderNamesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-folder-names-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void UsersDifferingInCaseOnly_GetFolderNamesThatDifferIgnoringCase()
    {
        string[] users = ["alice", "Alice", "ALICE", "aLice", "bob@example.com", "Bob@Example.com", "x.y-z_1", "X.Y-Z_1"];
        var folders = users.Select(StorageNames.FolderSegment).ToList();
        Assert.Equal(users.Length, folders.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("alice", StorageNames.FolderSegment("alice")); // lower-case names keep their folders: nothing to migrate
        Assert.Equal("bob@example.com", StorageNames.FolderSegment("bob@example.com"));
        Assert.All(folders, folder => Assert.Equal(folder.ToLowerInvariant(), folder));
    }

    [Fact]
    public async Task AFolderOfTheEarlierNaming_MovesOnStart_AndItsUserStillReadsItsFiles()
    {
        var aliceFile = Guid.NewGuid();
        var lowerFile = Guid.NewGuid();
        Directory.CreateDirectory(Path.Combine(_root, "Alice"));
        await File.WriteAllTextAsync(Path.Combine(_root, "Alice", aliceFile.ToString("D")), "capital A");
        Directory.CreateDirectory(Path.Combine(_root, "alice"));
        await File.WriteAllTextAsync(Path.Combine(_root, "alice", lowerFile.ToString("D")), "small a");
        var store = new FolderFileStore(Options.Create(new StorageOptions { FilesDir = _root }));

        await store.InitializeAsync();
        await store.InitializeAsync(); // a second start finds nothing to move

        Assert.Equal(["alice", StorageNames.FolderSegment("Alice")], Directory.EnumerateDirectories(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("capital A", await ReadAsync(store, "Alice", aliceFile));
        Assert.Equal("small a", await ReadAsync(store, "alice", lowerFile));
        Assert.Null(await store.OpenReadAsync("alice", aliceFile, 0, 9));
        Assert.Null(await store.OpenReadAsync("Alice", lowerFile, 0, 7));
    }

    private static async Task<string> ReadAsync(FolderFileStore store, string user, Guid id)
    {
        await using var stream = await store.OpenReadAsync(user, id, 0, 64);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
