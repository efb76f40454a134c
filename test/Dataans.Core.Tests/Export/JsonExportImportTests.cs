using System.Text.Json;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Model;

namespace Dataans.Core.Tests.Export;

public sealed class JsonExportImportTests : IDisposable
{
    private readonly TestDataDirectory _source = new();
    private readonly TestDataDirectory _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task ExportWithFiles_ThenImportIntoFreshStore_GivesIdenticalStateAndBytes()
    {
        using var source = await _source.OpenStoreAsync();
        await ExportSamples.FillAsync(source);
        var output = Path.Combine(_source.Path, "out", "nested");

        var jsonPath = await JsonExporter.ExportAsync(source, output, withFiles: true);
        using var target = await _target.OpenStoreAsync();
        var result = await Importer.ImportAsync(target, jsonPath);

        Assert.Equal((await StateReader.ReadAsync(source)).ToJson(), (await StateReader.ReadAsync(target)).ToJson());
        Assert.Equal(new ImportResult(SpacesCreated: 2, SpacesUpdated: 0, NotesCreated: 3, NotesUpdated: 0, FilesImported: 4, Unchanged: 0), result);
        foreach (var space in await source.ListSpacesAsync())
        {
            Assert.Equal(ReadStored(_source, space.AvatarPath!), ReadStored(_target, (await target.GetSpaceAsync(space.Id)).AvatarPath!));
            foreach (var note in await source.ListNotesAsync(space.Id))
            {
                var imported = await target.GetNoteAsync(note.Id);
                Assert.Equal(note.CreatedAt, imported.CreatedAt);
                Assert.Equal(note.UpdatedAt, imported.UpdatedAt);
                Assert.Equal(note.Files.Select(file => ReadStored(_source, file.Path)), imported.Files.Select(file => ReadStored(_target, file.Path)));
                Assert.All(imported.Files, file => Assert.Equal(FileStatus.ExistAndNotUploaded, file.Status));
            }
        }
    }

    [Fact]
    public async Task Export_WritesFormatVersionTimeAndRelativeDataPaths()
    {
        using var source = await _source.OpenStoreAsync();
        var (_, _, report, _) = await ExportSamples.FillAsync(source);
        var output = ExportSamples.NewFolder(_source, "out");
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

        var jsonPath = await JsonExporter.ExportAsync(source, output, withFiles: true, new FixedTime(now), progress: null, CancellationToken.None);

        Assert.Equal(Path.Combine(output, "dataans-export-20250304-050607.json"), jsonPath);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
        var root = json.RootElement;
        Assert.Equal(["format", "version", "exported_at", "spaces"], root.EnumerateObject().Select(property => property.Name));
        Assert.Equal("dataans-export", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("2025-03-04T05:06:07Z", root.GetProperty("exported_at").GetString());
        var file = root.GetProperty("spaces")[0].GetProperty("notes")[0].GetProperty("files")[0];
        Assert.Equal(report.Files[0].Id, file.GetProperty("id").GetGuid());
        Assert.Equal("report (final).pdf", file.GetProperty("name").GetString());
        Assert.Equal(ExportSamples.ReportBytes.Length, file.GetProperty("size").GetInt64());
        var dataPath = file.GetProperty("data_path").GetString()!;
        Assert.StartsWith("files/", dataPath, StringComparison.Ordinal);
        Assert.Equal(ExportSamples.ReportBytes, await File.ReadAllBytesAsync(Path.Combine(output, dataPath)));
        Assert.Equal(report.Files[0].Id.ToString() + "_report (final).pdf", Path.GetFileName(dataPath));
    }

    [Fact]
    public async Task ExportTwiceInOneSecond_NeverFailsAndReusesIdenticalFiles()
    {
        using var source = await _source.OpenStoreAsync();
        await ExportSamples.FillAsync(source);
        var output = ExportSamples.NewFolder(_source, "out");
        var time = new FixedTime(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));

        var first = await JsonExporter.ExportAsync(source, output, withFiles: true, time, progress: null, CancellationToken.None);
        var second = await JsonExporter.ExportAsync(source, output, withFiles: true, time, progress: null, CancellationToken.None);

        Assert.Equal("dataans-export-20250304-050607-2.json", Path.GetFileName(second));
        Assert.NotEqual(first, second);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "files")).Length); // 2 avatars + 2 attachments, not copied twice
        Assert.DoesNotContain(Directory.GetFiles(output), path => path.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportTwice_SecondTimeChangesNothingAndLogsNothing()
    {
        using var source = await _source.OpenStoreAsync();
        await ExportSamples.FillAsync(source);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: true);
        using var target = await _target.OpenStoreAsync();
        await Importer.ImportAsync(target, jsonPath);
        var operations = await target.SyncLedger.CountOperationsAsync();
        var state = (await StateReader.ReadAsync(target)).ToJson();

        var again = await Importer.ImportAsync(target, jsonPath);

        Assert.Equal(new ImportResult(0, 0, 0, 0, 0, Unchanged: 2 + 3 + 4), again);
        Assert.Equal(operations, await target.SyncLedger.CountOperationsAsync());
        Assert.Equal(state, (await StateReader.ReadAsync(target)).ToJson());
        Assert.DoesNotContain("exported_at", state, StringComparison.Ordinal); // snapshots stay comparable byte for byte
    }

    [Fact]
    public async Task ImportIntoTheStoreItCameFrom_LogsNothing()
    {
        using var source = await _source.OpenStoreAsync();
        await ExportSamples.FillAsync(source);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: false);
        var operations = await source.SyncLedger.CountOperationsAsync();

        var result = await Importer.ImportAsync(source, jsonPath);

        Assert.Equal(0, result.SpacesCreated + result.SpacesUpdated + result.NotesCreated + result.NotesUpdated + result.FilesImported);
        Assert.Equal(operations, await source.SyncLedger.CountOperationsAsync());
    }

    [Fact]
    public async Task ImportedOperations_ArePendingPush_SoTheyWillSync()
    {
        using var source = await _source.OpenStoreAsync();
        await ExportSamples.FillAsync(source);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: true);
        using var target = await _target.OpenStoreAsync();

        await Importer.ImportAsync(target, jsonPath);

        var (total, pending) = await target.SyncLedger.CountOperationsAsync();
        Assert.True(total > 0);
        Assert.Equal(total, pending);
        var outbox = await target.SyncLedger.ReadOutboxAsync(1000);
        Assert.Equal(
            [OperationKind.CreateNote, OperationKind.CreateFile, OperationKind.CreateSpace, OperationKind.SetNoteFiles],
            outbox.Select(logged => logged.Record.Operation.Kind).Distinct().Order());
        var createdNote = outbox.Select(logged => logged.Record.Operation).OfType<CreateNote>().First();
        Assert.True(createdNote.Note.CreatedAt < (await target.SyncLedger.ReadLogAsync()).Min(logged => logged.Record.CreatedAt), "payload times come from the file, not the import time");
    }

    [Fact]
    public async Task ImportOfNewerVersion_UpdatesOlderLocalNote_WithoutConflict()
    {
        using var source = await _source.OpenStoreAsync();
        var (_, _, report, _) = await ExportSamples.FillAsync(source);
        var older = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "old"), withFiles: false);
        await source.UpdateNoteAsync(report.Id, "newest text");
        var newer = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "new"), withFiles: false);
        using var target = await _target.OpenStoreAsync();
        await Importer.ImportAsync(target, older);

        var result = await Importer.ImportAsync(target, newer);

        Assert.Equal(1, result.NotesUpdated);
        var note = await target.GetNoteAsync(report.Id);
        Assert.Equal("newest text", note.Text);
        Assert.False(note.HasConflict);
        Assert.Equal(2, (await target.GetHistoryAsync(report.Id)).Count);
    }

    [Fact]
    public async Task ImportOfOlderVersion_KeepsNewerLocalEdit()
    {
        using var source = await _source.OpenStoreAsync();
        var (_, _, report, _) = await ExportSamples.FillAsync(source);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: false);
        await source.UpdateNoteAsync(report.Id, "edited after the export");
        var operations = await source.SyncLedger.CountOperationsAsync();

        var result = await Importer.ImportAsync(source, jsonPath);

        Assert.Equal(0, result.NotesUpdated);
        Assert.Equal("edited after the export", (await source.GetNoteAsync(report.Id)).Text);
        Assert.Equal(operations, await source.SyncLedger.CountOperationsAsync());
    }

    [Fact]
    public async Task Import_BringsBackWhatWasDeletedSinceTheExport()
    {
        using var source = await _source.OpenStoreAsync();
        var (work, home, report, _) = await ExportSamples.FillAsync(source);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: false);
        var state = (await StateReader.ReadAsync(source)).ToJson();
        await source.DeleteNoteAsync(report.Id);
        await source.DeleteSpaceAsync(home.Id);

        var result = await Importer.ImportAsync(source, jsonPath);

        Assert.Equal((1, 1), (result.SpacesUpdated, result.NotesUpdated));
        Assert.Equal(2, result.FilesImported); // the note's attachments were deleted with it
        Assert.Equal(state, (await StateReader.ReadAsync(source)).ToJson());
        Assert.Equal(2, (await source.GetNoteAsync(report.Id)).Files.Count);
        Assert.Equal(2, await source.CountNotesAsync(work.Id));
    }

    [Fact]
    public async Task ImportWithoutFiles_RecordsAttachmentsAsMissing_AndGeneratesAvatars()
    {
        using var source = await _source.OpenStoreAsync();
        var (_, _, report, _) = await ExportSamples.FillAsync(source);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: false);
        using var target = await _target.OpenStoreAsync();

        await Importer.ImportAsync(target, jsonPath);

        var imported = await target.GetNoteAsync(report.Id);
        Assert.Equal(report.Files.Select(file => (file.Id, file.Name, file.Path)), imported.Files.Select(file => (file.Id, file.Name, file.Path)));
        Assert.All(imported.Files, file => Assert.Equal(FileStatus.NotExistAndNotUploaded, file.Status));
        Assert.All(await target.ListSpacesAsync(), space => Assert.True(File.Exists(Path.Combine(_target.Data.FilesPath, space.AvatarPath!))));
    }

    [Fact]
    public async Task LinkToAFileWhoseRowHasNotSyncedYet_RoundTripsWithoutInventingTheRow()
    {
        using var source = await _source.OpenStoreAsync();
        var (_, _, _, tokyo) = await ExportSamples.FillAsync(source);
        var unsynced = Guid.NewGuid();
        var later = Contracts.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1));
        await source.ApplyAsync([new OperationRecord(Guid.NewGuid(), later, new SetNoteFiles(tokyo.Id, [unsynced]))]);
        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: true);
        using var target = await _target.OpenStoreAsync();

        await Importer.ImportAsync(target, jsonPath);

        Assert.Equal((await StateReader.ReadAsync(source)).ToJson(), (await StateReader.ReadAsync(target)).ToJson());
        Assert.Equal([unsynced], (await target.GetNoteAsync(tokyo.Id)).Files.Select(file => file.Id));
        Assert.DoesNotContain(await target.SyncLedger.ReadLogAsync(), logged => logged.Record.Operation.ObjectId == unsynced);
    }

    [Fact]
    public async Task Progress_IsReportedForExportAndImport()
    {
        using var source = await _source.OpenStoreAsync();
        await ExportSamples.FillAsync(source);
        var reports = new List<ExportProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var jsonPath = await JsonExporter.ExportAsync(source, ExportSamples.NewFolder(_source, "out"), withFiles: true, progress);
        using var target = await _target.OpenStoreAsync();
        await Importer.ImportAsync(target, jsonPath, progress);

        Assert.Contains(reports, report => report is { Stage: "Copying files", Done: 4, Total: 4 });
        Assert.Contains(reports, report => report.Stage == "Writing" && report.Done == report.Total);
    }

    private static byte[] ReadStored(TestDataDirectory directory, string path) =>
        File.ReadAllBytes(Path.Combine(directory.Data.FilesPath, path));
}

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<ExportProgress> report) : IProgress<ExportProgress>
{
    public void Report(ExportProgress value) => report(value);
}
