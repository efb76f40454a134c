using System.Text.Json;

namespace Dataans.App.Tests.Cli;

public sealed class ExportCommandsTests : IDisposable
{
    private readonly CliHarness _source = new();
    private readonly CliHarness _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task ExportJsonThenImport_FreshDataFolder_GetsTheSameSpacesNotesAndFiles()
    {
        var work = await _source.AddSpaceAsync("Work");
        var home = await _source.AddSpaceAsync("Home");
        await _source.AddNoteAsync(work, "first **note**");
        var attachment = _source.WriteFile("photo.png", [0x89, 0x50, 0x4E, 0x47, 9, 9]);
        (await _source.RunAsync("note", "add", "--space", home, "東京で会議", "--attach", attachment)).AssertOk();
        var outFolder = Path.Combine(_source.Root, "export");

        var exported = await _source.RunAsync("export", "--format", "json", "--with-files", "--out", outFolder);

        exported.AssertOk();
        var exportFile = exported.Stdout.Trim();
        Assert.True(File.Exists(exportFile), exportFile);
        Assert.StartsWith(outFolder, exportFile, StringComparison.Ordinal);
        var imported = await _target.RunAsync("import", exportFile);
        imported.AssertOk();
        Assert.StartsWith($"Imported {exportFile}: 2 spaces created", imported.Stdout, StringComparison.Ordinal);

        Assert.Equal(Comparable(await _source.JsonAsync("space", "list")), Comparable(await _target.JsonAsync("space", "list")));
        foreach (var space in new[] { work, home })
        {
            var before = await _source.JsonAsync("note", "list", "--space", space);
            var after = await _target.JsonAsync("note", "list", "--space", space);
            Assert.Equal(Comparable(before), Comparable(after));
        }

        var file = (await _target.JsonAsync("note", "list", "--space", home))[0].GetProperty("files")[0];
        Assert.Equal("photo.png", file.GetProperty("name").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(attachment), await File.ReadAllBytesAsync(file.GetProperty("path").GetString()!));
    }

    [Fact]
    public async Task Import_SameFileTwice_ChangesNothingTheSecondTime()
    {
        var work = await _source.AddSpaceAsync("Work");
        await _source.AddNoteAsync(work, "one");
        await _source.AddNoteAsync(work, "two");
        var exportFile = (await _source.JsonAsync("export", "--format", "json", "--out", Path.Combine(_source.Root, "out"))).GetProperty("path").GetString()!;

        var first = await _target.JsonAsync("import", exportFile);
        var second = await _target.JsonAsync("import", exportFile);

        Assert.Equal((1, 2), (first.GetProperty("spacesCreated").GetInt32(), first.GetProperty("notesCreated").GetInt32()));
        Assert.Equal(0, second.GetProperty("spacesCreated").GetInt32() + second.GetProperty("notesCreated").GetInt32()
            + second.GetProperty("spacesUpdated").GetInt32() + second.GetProperty("notesUpdated").GetInt32());
        Assert.True(second.GetProperty("unchanged").GetInt32() >= 3);
        Assert.Equal(2, (await _target.JsonAsync("note", "list", "--space", work)).GetArrayLength());
    }

    [Theory]
    [InlineData("one-file")]
    [InlineData("per-space")]
    [InlineData("per-note")]
    public async Task ExportMarkdown_EveryLayout_WritesTheNoteText(string layout)
    {
        var work = await _source.AddSpaceAsync("Work");
        await _source.AddNoteAsync(work, "remember the *milk*");
        var outFolder = Path.Combine(_source.Root, "md");

        var result = await _source.JsonAsync("export", "--format", "md", "--layout", layout, "--out", outFolder);

        Assert.Equal(layout, result.GetProperty("layout").GetString());
        var path = result.GetProperty("path").GetString()!;
        var markdown = File.Exists(path)
            ? [path]
            : Directory.GetFiles(path, "*.md", SearchOption.AllDirectories);
        Assert.Contains(markdown, file => File.ReadAllText(file).Contains("remember the *milk*", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_ErrorIsATerminal_ShowsProgressThere()
    {
        await _source.AddSpaceAsync("Work");
        string[] args = ["export", "--format", "json", "--out", Path.Combine(_source.Root, "out"), "--data-dir", _source.DataDir];

        var quiet = await _source.RunRawAsync(args);
        var shown = await _source.RunRawAsync(args, terminalError: true);

        quiet.AssertOk();
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("\r", shown.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\d+/\d+", shown.Stderr);
    }

    [Theory]
    [InlineData("--format", "xml", "--out", "x")]
    [InlineData("--format", "json", "--layout", "per-note", "--out", "x")]
    [InlineData("--format", "md", "--layout", "sideways", "--out", "x")]
    [InlineData("--format", "json")]
    [InlineData("--out", "x")]
    public async Task Export_BadOptions_IsAUsageError(params string[] options)
    {
        var result = await _source.RunAsync(["export", .. options]);

        result.AssertUsage("--");
        Assert.False(Directory.Exists(Path.Combine(_source.DataDir, "db")));
    }

    [Fact]
    public async Task Export_OutIsAFile_Fails()
    {
        var file = _source.WriteFile("not-a-folder", [1]);

        var error = (await _source.RunAsync("export", "--format", "json", "--out", file)).AssertFailure();

        Assert.Equal($"'{file}' is a file; --out takes a folder.", error);
    }

    [Fact]
    public async Task Import_MissingFile_Fails()
    {
        var missing = Path.Combine(_target.Root, "nope.json");

        var error = (await _target.RunAsync("import", missing)).AssertFailure();

        Assert.Equal($"The file '{missing}' does not exist.", error);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"format\": \"dataans-export\", \"version\": 99, \"spaces\": []}")]
    [InlineData("[1, 2, 3]")]
    public async Task Import_MalformedFile_FailsWithOneSentenceAndChangesNothing(string content)
    {
        await _target.AddSpaceAsync("Existing");
        var file = _target.WriteFile("bad.json", System.Text.Encoding.UTF8.GetBytes(content));

        (await _target.RunAsync("import", file)).AssertFailure();

        Assert.Equal(["Existing"], (await _target.JsonAsync("space", "list")).EnumerateArray().Select(space => space.GetProperty("name").GetString()));
    }

    /// <summary>A JSON value with local-only facts (file paths on this machine) removed.</summary>
    private static string Comparable(JsonElement element)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!;
        foreach (var file in node.AsArray().SelectMany(item => item!["files"]?.AsArray() ?? []))
        {
            file!.AsObject().Remove("path");
        }

        return node.ToJsonString();
    }
}
