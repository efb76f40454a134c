using Dataans.Contracts;
using Dataans.Core.Avatars;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Model;

namespace Dataans.Core.Tests.Import;

public sealed class OriginalBackupImportTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Export", "Fixtures", "original-v1-backup.json");
    private static readonly Guid Work = new("7f1c2a90-3b4d-4e5f-8a6b-1c2d3e4f5a60");
    private static readonly Guid Personal = new("3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6");
    private static readonly Guid DefaultAvatarSpace = new("4d5e6f7a-8b9c-4dae-9f0a-b1c2d3e4f5a6");
    private static readonly Guid ReportNote = new("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    private static readonly Guid TokyoNote = new("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e");

    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Import_KeepsIdsNamesAndTexts()
    {
        using var store = await _directory.OpenStoreAsync();

        var result = await Importer.ImportAsync(store, Fixture);

        Assert.Equal(new ImportResult(SpacesCreated: 3, SpacesUpdated: 0, NotesCreated: 3, NotesUpdated: 0, FilesImported: 5, Unchanged: 0), result);
        var spaces = await store.ListSpacesAsync();
        Assert.Equal([Personal, DefaultAvatarSpace, Work], spaces.Select(space => space.Id));
        Assert.Equal(["Personal", "Default avatar", "Work"], spaces.Select(space => space.Name));
        var tokyo = await store.GetNoteAsync(TokyoNote);
        Assert.Equal("東京で会議 ![](5eed5eed-0000-4000-8000-000000000001.png)", tokyo.Text);
        Assert.Equal("Quarterly report attached.\n\n- [x] review\n- [ ] send", (await store.GetNoteAsync(ReportNote)).Text);
    }

    [Fact]
    public async Task Import_ConvertsBothTimestampFormsExactly_IncludingTheOffset()
    {
        using var store = await _directory.OpenStoreAsync();

        await Importer.ImportAsync(store, Fixture);

        var work = await store.GetSpaceAsync(Work);
        Assert.Equal("2025-02-11T12:05:09.123456789Z", work.CreatedAt.ToString()); // [2025,42,14,5,9,123456789,2,0,0]
        Assert.Equal("2025-02-12T13:30:00Z", work.UpdatedAt.ToString()); // [2025,43,8,0,0,0,-5,-30,0]
        var personal = await store.GetSpaceAsync(Personal);
        Assert.Equal("2024-12-31T22:59:59.987654321Z", personal.CreatedAt.ToString()); // "…23:59:59.987654321+01:00"
        Assert.Equal("2025-01-01T00:00:00Z", (await store.GetSpaceAsync(DefaultAvatarSpace)).CreatedAt.ToString()); // [2024,366,23,0,0,0,-1,0,0]
        var tokyo = await store.GetNoteAsync(TokyoNote);
        Assert.Equal("2025-02-12T08:15:00.5Z", tokyo.CreatedAt.ToString()); // "2025-02-12T09:15:00.5+01:00"
        Assert.Equal("2025-02-13T00:30:00.999999999Z", tokyo.UpdatedAt.ToString()); // [2025,44,0,30,0,999999999,0,0,0]
    }

    [Fact]
    public async Task Import_RecordsAttachmentsByFileName_WithoutBytes()
    {
        using var store = await _directory.OpenStoreAsync();

        await Importer.ImportAsync(store, Fixture);

        var note = await store.GetNoteAsync(ReportNote);
        Assert.Equal(
            [
                ("report.pdf", "c0ffee00-1234-4abc-8def-0123456789ab_report.pdf"),
                ("photo 1.jpg", "d15ea5e0-5678-4cde-9f01-23456789abcd_photo 1.jpg"),
            ],
            note.Files.Select(file => (file.Name, file.Path)));
        Assert.All(note.Files, file => Assert.Equal(FileStatus.NotExistAndNotUploaded, file.Status));
        Assert.Empty(Directory.GetFiles(_directory.Data.FilesPath, "*report*"));
    }

    [Fact]
    public async Task Import_GivesEverySpaceItsOwnGeneratedAvatar()
    {
        using var store = await _directory.OpenStoreAsync();

        await Importer.ImportAsync(store, Fixture);

        var spaces = await store.ListSpacesAsync();
        Assert.Equal(3, spaces.Select(space => space.AvatarId).Distinct().Count());
        Assert.DoesNotContain(spaces, space => space.AvatarId == new Guid("54d49bda-644e-44a9-a1ad-4a8fa5f368a5"));
        foreach (var space in spaces)
        {
            Assert.Equal($"{space.AvatarId}.png", space.AvatarPath);
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory.Data.FilesPath, space.AvatarPath!));
            Assert.Equal(".png", ImageFormat.Detect(bytes));
        }

        Assert.Equal(new Guid("1e2d3c4b-5a69-4788-9a0b-c1d2e3f40516"), (await store.GetSpaceAsync(Work)).AvatarId);
        Assert.Equal(new Guid("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"), (await store.GetSpaceAsync(Personal)).AvatarId);
    }

    [Fact]
    public async Task ImportTwice_LogsNothingTheSecondTime_AndEverythingSyncs()
    {
        using var store = await _directory.OpenStoreAsync();
        await Importer.ImportAsync(store, Fixture);
        var operations = await store.SyncLedger.CountOperationsAsync();

        var again = await Importer.ImportAsync(store, Fixture);

        Assert.Equal(new ImportResult(0, 0, 0, 0, 0, Unchanged: 3 + 3 + 5), again);
        Assert.Equal(operations, await store.SyncLedger.CountOperationsAsync());
        Assert.Equal(operations.Total, operations.Pending);
    }

    [Fact]
    public async Task ImportedSpace_AcceptsNewNotesAndExportsLikeAnyOther()
    {
        using var store = await _directory.OpenStoreAsync();
        await Importer.ImportAsync(store, Fixture);

        await store.CreateNoteAsync(Work, "after import");

        var document = await StateReader.ReadAsync(store);
        var work = Assert.Single(document.Spaces, space => space.Id == Work);
        Assert.Equal(["Quarterly report attached.\n\n- [x] review\n- [ ] send", "東京で会議 ![](5eed5eed-0000-4000-8000-000000000001.png)", "after import"], work.Notes.Select(note => note.Text));
        Assert.True(Timestamp.Parse(work.Notes[^1].CreatedAt) > Timestamp.Parse(work.Notes[0].CreatedAt));
    }
}
