using System.Text;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Storage;
using Dataans.Core.Tests.Export;

namespace Dataans.Core.Tests.Import;

/// <summary>Malformed or hostile import files: a clear error, and the store exactly as it was.</summary>
public sealed class HostileImportTests : IDisposable
{
    private const string SpaceId = "11111111-2222-4333-8444-555555555555";
    private const string NoteId = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    private const string FileId = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
    private const string V1FileId = "bbbbbbbb-cccc-4ddd-8eee-fffffffffff0";
    private const string Time = "\"2025-01-01T00:00:00Z\"";

    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string, string> Cases => new()
    {
        { "not json", "hello, I am not JSON", "The file is not valid JSON (line 1)." },
        { "empty", string.Empty, "The file is not valid JSON (line 1)." },
        { "truncated", Ours(Note())[..^30], "The file is not valid JSON (line 1)." },
        { "syntax error on line 3", "{\n\"format\": \"dataans-export\",\n\"version\": 1,,\n}", "The file is not valid JSON (line 3)." },
        { "deep nesting", Ours(Note()).Replace("\"notes\"", "\"deep\":" + new string('[', 100_000) + new string(']', 100_000) + ",\"notes\"", StringComparison.Ordinal), "more than 32 levels deep" },
        { "not an object", "[1, 2, 3]", "does not hold a JSON object" },
        { "neither format", "{\"hello\": 1}", "neither a Dataans export nor a backup" },
        { "unknown version", "{\"format\":\"dataans-export\",\"version\":2,\"spaces\":[]}", "The export version 2 is not supported; this app reads version 1." },
        { "unknown V version", "{\"version\":\"V2\",\"data\":[]}", "The backup version 'V2' is not supported" },
        { "other format", "{\"format\":\"something-else\",\"version\":1}", "is not 'dataans-export'" },
        { "huge note", Ours(Note(text: "\"" + new string('x', DataansStore.MaxNoteLength + 1) + "\"")), $"Note '{NoteId}' has a 'text' longer than 1,048,576 characters." },
        { "huge name", Ours(Note(), name: new string('n', DataansStore.MaxSpaceNameLength + 1)), "has a 'name' longer than 200 characters" },
        { "missing text", Ours(Note(text: null)), $"Note '{NoteId}' has no text." },
        { "text is a number", Ours(Note(text: "42")), $"Note '{NoteId}' has a 'text' that is not a string." },
        { "bad id", Ours(Note()).Replace(NoteId, "not-a-uuid", StringComparison.Ordinal), $"Note #1 of space '{SpaceId}' has an 'id' that is not a UUID." },
        { "bad time", Ours(Note(created: "[2025, 400, 0, 0, 0, 0, 0, 0, 0]")), $"Note '{NoteId}' has a 'created_at' that is not a time" },
        { "time out of range", Ours(Note(created: "\"9999-01-01T00:00:00Z\"")), $"Note '{NoteId}' has a 'created_at' that is not a time" },
        { "notes not a list", Ours(Note()).Replace("\"notes\":[]", "\"notes\":{}", StringComparison.Ordinal), "has a 'notes' that is not a list" },
        { "duplicate space", Ours(Note(), extraSpace: true), $"Space '{SpaceId}' appears more than once." },
        { "duplicate note", Ours(Note() + "," + Note()), $"Note '{NoteId}' appears more than once." },
        { "path traversal", Ours(Note(files: File(path: "../../etc/passwd"))), $"File '{FileId}' has a path that tries to leave its folder." },
        { "name traversal", Ours(Note(files: File(name: "..\\\\..\\\\boot.ini"))), $"File '{FileId}' has a name that tries to leave its folder." },
        { "control character in name", Ours(Note(files: File(name: "bad\\u0007bell.txt"))), $"File '{FileId}' has a name with control characters, which no file name holds." },
        { "control character in path", Ours(Note(files: File(path: "files/bad\\nline.txt"))), $"File '{FileId}' has a path with control characters, which no file name holds." },
        { "control character in data_path", Ours(Note(files: File(dataPath: "files/x\\u0000.bin"))), "has a data_path with control characters, which no file name holds." },
        { "data_path outside", Ours(Note(files: File(dataPath: "../outside.bin"))), "has a data_path that points outside the export folder" },
        { "data_path absolute", Ours(Note(files: File(dataPath: "/etc/passwd"))), "has a data_path that points outside the export folder" },
        { "data_path missing", Ours(Note(files: File(dataPath: "files/nothing.bin"))), "no such file is beside the export" },
        { "same file id, other name", Ours(Note(files: File() + "," + File(name: "other.txt"))), "uses the id of another file" },
        { "V1 traversal", V1("../../etc/passwd"), $"File '{V1FileId}' has a path that tries to leave its folder." },
        { "V1 wrong space", V1("/x/files/a.txt", spaceId: NoteId), "names a different space_id" },
        { "V1 missing space", "{\"version\":\"V1\",\"data\":[{\"notes\":[]}]}", "Backup entry #1 has no 'space'." },
    };

    [Theory]
    [MemberData(nameof(Cases), DisableDiscoveryEnumeration = true)]
    public async Task HostileFile_FailsClearly_AndChangesNothing(string label, string json, string expected)
    {
        using var store = await _directory.OpenStoreAsync();
        var before = await SnapshotAsync(store);
        var path = Path.Combine(_directory.Path, "import", "hostile.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await System.IO.File.WriteAllTextAsync(path, json, new UTF8Encoding(false));

        var error = await Assert.ThrowsAsync<ImportException>(() => Importer.ImportAsync(store, path));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{label}: {error.Message}");
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, await SnapshotAsync(store));
    }

    [Fact]
    public async Task DataPathThroughSymbolicLink_IsRefused()
    {
        using var store = await _directory.OpenStoreAsync();
        var before = await SnapshotAsync(store);
        var folder = ExportSamples.NewFolder(_directory, "import");
        var secret = Path.Combine(_directory.Path, "secret.txt");
        await System.IO.File.WriteAllTextAsync(secret, "secret");
        Directory.CreateDirectory(Path.Combine(folder, "files"));
        System.IO.File.CreateSymbolicLink(Path.Combine(folder, "files", "link.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(folder, "linked"), _directory.Path);
        var path = Path.Combine(folder, "export.json");

        foreach (var dataPath in new[] { "files/link.txt", "linked/secret.txt" })
        {
            await System.IO.File.WriteAllTextAsync(path, Ours(Note(files: File(dataPath: dataPath))));
            var error = await Assert.ThrowsAsync<ImportException>(() => Importer.ImportAsync(store, path));
            Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync(store));
    }

    [Fact]
    public async Task AbsolutePathAndOddName_AreReducedToASafeNameInsideTheFilesFolder()
    {
        using var store = await _directory.OpenStoreAsync();
        var folder = ExportSamples.NewFolder(_directory, "import");
        Directory.CreateDirectory(Path.Combine(folder, "files"));
        await System.IO.File.WriteAllBytesAsync(Path.Combine(folder, "files", "x.bin"), [1, 2, 3]);
        var path = Path.Combine(folder, "export.json");
        await System.IO.File.WriteAllTextAsync(path, Ours(Note(files: File(name: "a:b*?.txt", path: "/etc/cron.d/evil", dataPath: "files/x.bin"))));

        await Importer.ImportAsync(store, path);

        var file = Assert.Single((await store.GetNoteAsync(new Guid(NoteId))).Files);
        Assert.Equal("a_b__.txt", file.Name);
        Assert.Equal($"{FileId}_evil", file.Path);
        Assert.Equal([1, 2, 3], await System.IO.File.ReadAllBytesAsync(Path.Combine(_directory.Data.FilesPath, file.Path)));
        Assert.False(System.IO.File.Exists("/etc/cron.d/evil"));
    }

    [Fact]
    public async Task MinimalFiles_WithoutOptionalListsOrAvatars_AreAccepted()
    {
        using var store = await _directory.OpenStoreAsync();
        var path = Path.Combine(_directory.Path, "minimal.json");
        var ours = $$"""{"format":"dataans-export","version":1,"spaces":[{"id":"{{SpaceId}}","name":"  ","created_at":{{Time}},"updated_at":{{Time}}}]}""";
        var v1 = $$"""{"version":"V1","data":[{"space":{"id":"{{NoteId}}","name":"B","created_at":{{Time}},"updated_at":{{Time}}},"notes":[{"id":"{{FileId}}","text":"","created_at":{{Time}},"updated_at":{{Time}}}]}]}""";

        await System.IO.File.WriteAllTextAsync(path, ours);
        var first = await Importer.ImportAsync(store, path);
        await System.IO.File.WriteAllTextAsync(path, "﻿" + v1);
        var second = await Importer.ImportAsync(store, path);

        Assert.Equal((1, 0, 1), (first.SpacesCreated, first.NotesCreated, first.FilesImported));
        Assert.Equal((1, 1, 1), (second.SpacesCreated, second.NotesCreated, second.FilesImported));
        Assert.Equal("Unnamed space", (await store.GetSpaceAsync(new Guid(SpaceId))).Name);
        Assert.Equal(string.Empty, (await store.GetNoteAsync(new Guid(FileId))).Text);
    }

    [Fact]
    public async Task FileLargerThanTheLimit_IsRefusedBeforeReading()
    {
        using var store = await _directory.OpenStoreAsync();
        var path = Path.Combine(_directory.Path, "big.json");
        await using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(Importer.MaxFileBytes + 1);
        }

        var error = await Assert.ThrowsAsync<ImportException>(() => Importer.ImportAsync(store, path));

        Assert.Equal("The file is larger than 512 MiB, the most an import accepts.", error.Message);
    }

    [Fact]
    public async Task MissingFile_IsAClearError()
    {
        using var store = await _directory.OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ImportException>(() => Importer.ImportAsync(store, Path.Combine(_directory.Path, "nope.json")));

        Assert.StartsWith("There is no file at", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The visible state, the operation count and every file under the files folder.</summary>
    private async Task<string> SnapshotAsync(DataansStore store)
    {
        var files = Directory.GetFiles(_directory.Data.FilesPath, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_directory.Data.FilesPath, path)).Order(StringComparer.Ordinal);
        return (await StateReader.ReadAsync(store)).ToJson() + await store.SyncLedger.CountOperationsAsync() + string.Join('|', files);
    }

    private static string Ours(string notes, string name = "Inbox", bool extraSpace = false)
    {
        var space = $$"""{"id":"{{SpaceId}}","name":"{{name}}","created_at":{{Time}},"updated_at":{{Time}},"notes":[{{notes}}]}""";
        var valid = """{"id":"12121212-3434-4565-8787-909090909090","name":"Valid first","created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z","notes":[]}""";
        return $$"""{"format":"dataans-export","version":1,"spaces":[{{valid}},{{space}}{{(extraSpace ? "," + space : string.Empty)}}]}""";
    }

    private static string Note(string? text = "\"hello\"", string created = Time, string files = "")
    {
        var textField = text is null ? string.Empty : $"\"text\":{text},";
        return $$"""{"id":"{{NoteId}}",{{textField}}"created_at":{{created}},"updated_at":{{Time}},"files":[{{files}}]}""";
    }

    private static string File(string name = "a.txt", string path = FileId + "_a.txt", string? dataPath = null)
    {
        var data = dataPath is null ? string.Empty : $",\"data_path\":\"{dataPath}\"";
        return $$"""{"id":"{{FileId}}","name":"{{name}}","path":"{{path}}"{{data}}}""";
    }

    private static string V1(string filePath, string spaceId = SpaceId) =>
        $$$"""
        {"version":"V1","data":[{"space":{"id":"{{{SpaceId}}}","name":"S","created_at":[2025,1,0,0,0,0,0,0,0],"updated_at":[2025,1,0,0,0,0,0,0,0],
        "avatar":{"id":"{{{FileId}}}","path":"/public/default_space_avatar.png"}},"notes":[{"id":"{{{NoteId}}}","text":"t","created_at":{{{Time}}},"updated_at":{{{Time}}},
        "space_id":"{{{spaceId}}}","files":[{"id":"{{{V1FileId}}}","name":"a.txt","path":"{{{filePath}}}","status":"ExistAndUploaded"}]}]}]}
        """;
}
