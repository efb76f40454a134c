using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Storage;

public sealed class DataansStoreTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CreateSpace_GeneratesAvatarFile_AndListsSpace()
    {
        using var store = await _directory.OpenStoreAsync();

        var space = await store.CreateSpaceAsync("  Work  ");

        var spaces = await store.ListSpacesAsync();
        var listed = Assert.Single(spaces);
        Assert.Equal("Work", listed.Name);
        Assert.Equal(space.Id, listed.Id);
        Assert.NotNull(listed.AvatarPath);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory.Data.FilesPath, listed.AvatarPath!));
        Assert.Equal(".png", Dataans.Core.Avatars.ImageFormat.Detect(bytes));
    }

    [Fact]
    public async Task CreateNote_WithAttachments_StoresBytesAndLinksFiles()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Inbox");
        var source = Path.Combine(_directory.Path, "report.pdf");
        await File.WriteAllBytesAsync(source, [1, 2, 3, 4]);

        var note = await store.CreateNoteAsync(space.Id, "see attached", [AttachmentSource.FromPath(source)]);

        var file = Assert.Single(note.Files);
        Assert.Equal("report.pdf", file.Name);
        Assert.Equal(FileStatus.ExistAndNotUploaded, file.Status);
        Assert.Equal([1, 2, 3, 4], await File.ReadAllBytesAsync(Path.Combine(_directory.Data.FilesPath, file.Path)));
        var (total, pending) = await store.SyncLedger.CountOperationsAsync();
        Assert.Equal(5, total); // avatar CreateFile, CreateSpace, CreateFile, CreateNote, SetNoteFiles
        Assert.Equal(5, pending);
    }

    [Fact]
    public async Task CreateNote_InMissingSpace_FailsAndLeavesNoFileBehind()
    {
        using var store = await _directory.OpenStoreAsync();
        var source = Path.Combine(_directory.Path, "a.txt");
        await File.WriteAllTextAsync(source, "x");
        var before = Directory.GetFiles(_directory.Data.FilesPath, "*", SearchOption.AllDirectories).Length;

        await Assert.ThrowsAsync<NotFoundException>(() => store.CreateNoteAsync(Guid.NewGuid(), "text", [AttachmentSource.FromPath(source)]));

        Assert.Equal(before, Directory.GetFiles(_directory.Data.FilesPath, "*", SearchOption.AllDirectories).Length);
        Assert.Equal((0L, 0L), await store.SyncLedger.CountOperationsAsync());
    }

    [Fact]
    public async Task EmptyNote_IsRefused()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Inbox");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateNoteAsync(space.Id, "   \n "));
        Assert.Contains("needs some text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateNote_KeepsEveryVersionInHistory_AndMarksEdited()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Inbox");
        var note = await store.CreateNoteAsync(space.Id, "first");

        var edited = await store.UpdateNoteAsync(note.Id, "second");
        await store.UpdateNoteAsync(note.Id, "third");

        Assert.True(edited.IsEdited);
        Assert.Equal(note.CreatedAt, edited.CreatedAt);
        var history = await store.GetHistoryAsync(note.Id);
        Assert.Equal(["first", "second", "third"], history.Select(version => version.Text));
        Assert.True(history[^1].IsCurrent);
        Assert.DoesNotContain(history, version => version.IsConflict);
    }

    [Fact]
    public async Task RestoreVersion_BringsOldTextBack()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Inbox");
        var note = await store.CreateNoteAsync(space.Id, "original");
        await store.UpdateNoteAsync(note.Id, "oops");
        var history = await store.GetHistoryAsync(note.Id);

        var restored = await store.RestoreVersionAsync(note.Id, history[0].OperationId);

        Assert.Equal("original", restored.Text);
        Assert.Equal(3, (await store.GetHistoryAsync(note.Id)).Count);
    }

    [Fact]
    public async Task DeleteSpace_HidesItsNotes()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Temp");
        var note = await store.CreateNoteAsync(space.Id, "bye");

        await store.DeleteSpaceAsync(space.Id);

        Assert.Empty(await store.ListSpacesAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => store.GetNoteAsync(note.Id));
    }

    [Fact]
    public async Task ListNotes_PagesNewestFirst_ReturnsChronologicalPages()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Log");
        for (var i = 0; i < 7; i++)
        {
            await store.CreateNoteAsync(space.Id, $"note {i}");
        }

        var newest = await store.ListNotesAsync(space.Id, limit: 3);
        var older = await store.ListNotesAsync(space.Id, limit: 3, new NoteCursor(newest[0].CreatedAt, newest[0].Id));

        Assert.Equal(["note 4", "note 5", "note 6"], newest.Select(note => note.Text));
        Assert.Equal(["note 1", "note 2", "note 3"], older.Select(note => note.Text));
        Assert.Equal(7, await store.CountNotesAsync(space.Id));
    }

    [Fact]
    public async Task ResolveId_AcceptsUniquePrefix_AndRejectsUnknown()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Inbox");

        Assert.Equal(space.Id, await store.ResolveIdAsync(ObjectKind.Space, space.Id.ToString()[..8]));
        await Assert.ThrowsAsync<NotFoundException>(() => store.ResolveIdAsync(ObjectKind.Space, "zz"));
        await Assert.ThrowsAsync<NotFoundException>(() => store.ResolveIdAsync(ObjectKind.Note, space.Id.ToString()[..8]));
    }

    [Fact]
    public async Task ResolveId_FindsASpaceByItsNameInAnyCase_AndRefusesWhatIsNotOneSpace()
    {
        using var store = await _directory.OpenStoreAsync();
        var work = await store.CreateSpaceAsync("Робота");
        var home = await store.CreateSpaceAsync("Home");
        await store.CreateSpaceAsync("Twin");
        await store.CreateSpaceAsync("twin");
        var gone = await store.CreateSpaceAsync("Gone");
        await store.DeleteSpaceAsync(gone.Id);
        var idLike = await store.CreateSpaceAsync(home.Id.ToString()[..4]); // named as another space's id begins

        Assert.Equal(work.Id, await store.ResolveIdAsync(ObjectKind.Space, "робота"));
        Assert.Equal(home.Id, await store.ResolveIdAsync(ObjectKind.Space, " HOME "));
        Assert.Equal(idLike.Id, await store.ResolveIdAsync(ObjectKind.Space, idLike.Id.ToString()[..8]));
        Assert.Contains("More than one space is named 'TWIN'", (await Assert.ThrowsAsync<NotFoundException>(() => store.ResolveIdAsync(ObjectKind.Space, "TWIN"))).Message, StringComparison.Ordinal);
        Assert.Equal("No space is named 'Gone'.", (await Assert.ThrowsAsync<NotFoundException>(() => store.ResolveIdAsync(ObjectKind.Space, "Gone"))).Message);
        Assert.Contains("a space's name and the start of another space's id", (await Assert.ThrowsAsync<NotFoundException>(
            () => store.ResolveIdAsync(ObjectKind.Space, home.Id.ToString()[..4]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopen_KeepsData_AndUsesWal()
    {
        Guid spaceId;
        using (var store = await _directory.OpenStoreAsync())
        {
            spaceId = (await store.CreateSpaceAsync("Kept")).Id;
        }

        using var reopened = await _directory.OpenStoreAsync();
        Assert.Equal(spaceId, Assert.Single(await reopened.ListSpacesAsync()).Id);
        await using var connection = await reopened.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
