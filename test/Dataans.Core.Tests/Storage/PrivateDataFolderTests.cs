using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Storage;

/// <summary>
/// Local data is private (issue 14, item 6): on Unix a new data folder is 0700 with its database,
/// attachments and transfers 0600, and a folder found open to other accounts is tightened when the store
/// opens, once, with a count the app shows.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateDataFolderTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _scratch = Directory.CreateTempSubdirectory("dataans-private-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task NewDataFolder_IsPrivateToItsOwner()
    {
        var root = Path.Combine(_scratch, "new");
        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            var space = await store.CreateSpaceAsync("Private");
            var attachment = Path.Combine(_scratch, "outside.txt");
            await File.WriteAllTextAsync(attachment, "attached");
            await store.CreateNoteAsync(space.Id, "with a file", [AttachmentSource.FromPath(attachment)]);
            Assert.Equal(0, store.PermissionsTightened);
        }

        Assert.Equal(Folder, File.GetUnixFileMode(root));
        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.GetUnixFileMode(folder) == Folder, $"{folder}: {File.GetUnixFileMode(folder)}");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, file => file.EndsWith("dataans.sqlite-wal", StringComparison.Ordinal));
        Assert.Contains(files, file => file.StartsWith(Path.Combine(root, "files"), StringComparison.Ordinal) && file.EndsWith("outside.txt", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.GetUnixFileMode(file) == File0600, $"{file}: {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public async Task FolderOpenToOthers_IsTightenedOnceWhenTheStoreOpens_AndLinksAreNotFollowed()
    {
        var root = Path.Combine(_scratch, "old");
        using (await DataansStore.OpenAsync(new DataDirectory(root)))
        {
        }

        // What an older version, a copy or an unpacked archive leaves: readable (even writable) by others.
        var loose = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var outside = Path.Combine(_scratch, "not-ours.txt");
        await File.WriteAllTextAsync(outside, "someone else's file");
        File.SetUnixFileMode(outside, loose);
        File.CreateSymbolicLink(Path.Combine(root, "files", "link-out"), outside);
        Directory.CreateDirectory(Path.Combine(root, "backups"));
        await File.WriteAllTextAsync(Path.Combine(root, "backups", "old.json"), "{}");
        File.SetUnixFileMode(Path.Combine(root, "backups", "old.json"), loose | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        File.SetUnixFileMode(Path.Combine(root, "db", "dataans.sqlite"), loose);
        foreach (var folder in new[] { root, Path.Combine(root, "db"), Path.Combine(root, "files"), Path.Combine(root, "backups") })
        {
            File.SetUnixFileMode(folder, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        using (var store = await DataansStore.OpenAsync(new DataDirectory(root)))
        {
            Assert.Equal(6, store.PermissionsTightened); // 4 folders, the database and the backup
        }

        Assert.Equal(Folder, File.GetUnixFileMode(Path.Combine(root, "backups")));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(root, "backups", "old.json")));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(root, "db", "dataans.sqlite")));
        Assert.Equal(loose, File.GetUnixFileMode(outside)); // a link leads out of the folder: not ours to change

        using var again = await DataansStore.OpenAsync(new DataDirectory(root));
        Assert.Equal(0, again.PermissionsTightened);
    }

    [Fact]
    public async Task AFolderHoldingOtherThings_KeepsItsOwnMode_ButTheAppsFoldersInItBecomePrivate()
    {
        var shared = Path.Combine(_scratch, "shared");
        Directory.CreateDirectory(shared);
        await File.WriteAllTextAsync(Path.Combine(shared, "someone-elses-notes.txt"), "not the app's");
        var loose = Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(shared, loose);

        for (var open = 0; open < 2; open++)
        {
            using var store = await DataansStore.OpenAsync(new DataDirectory(shared));
            Assert.Equal(0, store.PermissionsTightened); // the app's folders are new, hence private
        }

        Assert.Equal(loose, File.GetUnixFileMode(shared));
        Assert.Equal(Folder, File.GetUnixFileMode(Path.Combine(shared, "db")));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(shared, "db", "dataans.sqlite")));
    }
}
