namespace Dataans.App.Tests.Cli;

public sealed class NoteEditAndHistoryTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Edit_Text_ReplacesItAndMarksTheNoteEdited()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "draft");

        var result = await _cli.RunAsync("note", "edit", id[..8], "final", "text");

        result.AssertOk();
        Assert.Equal($"Updated note {id}.", result.Stdout.Trim());
        var note = await _cli.JsonAsync("note", "show", id);
        Assert.Equal("final text", note.GetProperty("text").GetString());
        Assert.True(note.GetProperty("edited").GetBoolean());
    }

    [Fact]
    public async Task Edit_Dash_ReadsStandardInput()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "draft");

        var result = await _cli.RunWithInputAsync("from stdin\n```cs\nvar x = 1;\n```\n", "note", "edit", id, "-");

        result.AssertOk();
        Assert.Equal("from stdin\n```cs\nvar x = 1;\n```", (await _cli.JsonAsync("note", "show", id)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Edit_NoTextFromATerminal_IsAUsageError()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "draft");

        var result = await _cli.RunAsync("note", "edit", id);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'-'", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("draft", (await _cli.JsonAsync("note", "show", id)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Edit_EmptyText_FailsAndKeepsTheText()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "draft");

        var error = (await _cli.RunWithInputAsync("\n\n", "note", "edit", id)).AssertFailure();

        Assert.Equal("A note needs some text or an attachment.", error);
        Assert.Equal("draft", (await _cli.JsonAsync("note", "show", id)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Edit_Json_PrintsTheUpdatedNote()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "draft");

        var note = await _cli.JsonAsync("note", "edit", id, "final");

        Assert.Equal(id, note.GetProperty("id").GetString());
        Assert.Equal("final", note.GetProperty("text").GetString());
        Assert.NotEqual(note.GetProperty("createdAt").GetString(), note.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task History_AfterTwoEdits_ListsEveryVersionOldestFirst()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "v1");
        await _cli.RunAsync("note", "edit", id, "v2");
        await _cli.RunAsync("note", "edit", id, "v3");

        var versions = await _cli.JsonAsync("note", "history", id);

        Assert.Equal([1, 2, 3], versions.EnumerateArray().Select(version => version.GetProperty("number").GetInt32()));
        Assert.Equal(["v1", "v2", "v3"], versions.EnumerateArray().Select(version => version.GetProperty("text").GetString()));
        Assert.Equal(["create", "edit", "edit"], versions.EnumerateArray().Select(version => version.GetProperty("kind").GetString()));
        Assert.Equal([false, false, true], versions.EnumerateArray().Select(version => version.GetProperty("current").GetBoolean()));
        var human = await _cli.RunAsync("note", "history", id);
        human.AssertOk();
        Assert.Contains("Version 3  2025-03-01 15:", human.Stdout, StringComparison.Ordinal);
        Assert.Contains($"edited on {Core.Storage.DeviceRows.DefaultName()} (this device)  (current)\n    v3", human.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryRestore_VersionNumber_MakesThatTextCurrent()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "the good text");
        await _cli.RunAsync("note", "edit", id, "an accident");

        var result = await _cli.RunAsync("note", "history", id, "--restore", "1");

        result.AssertOk();
        Assert.Equal($"Restored version 1 of note {id}.", result.Stdout.Trim());
        Assert.Equal("the good text", (await _cli.JsonAsync("note", "show", id)).GetProperty("text").GetString());
        Assert.Equal(3, (await _cli.JsonAsync("note", "history", id)).GetArrayLength());
    }

    [Fact]
    public async Task HistoryRestore_VersionId_RestoresADeletedNote()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "worth keeping");
        var version = (await _cli.JsonAsync("note", "history", id))[0].GetProperty("id").GetString()!;
        await _cli.RunAsync("note", "delete", id);

        var note = await _cli.JsonAsync("note", "history", id, "--restore", version);

        Assert.Equal("worth keeping", note.GetProperty("text").GetString());
        Assert.Equal(1, (await _cli.JsonAsync("note", "list", "--space", space)).GetArrayLength());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("latest")]
    public async Task HistoryRestore_NoSuchVersion_FailsAndChangesNothing(string version)
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "v1");
        await _cli.RunAsync("note", "edit", id, "v2");

        var error = (await _cli.RunAsync("note", "history", id, "--restore", version)).AssertFailure();

        Assert.Contains("from 1 to 2", error, StringComparison.Ordinal);
        Assert.Equal("v2", (await _cli.JsonAsync("note", "show", id)).GetProperty("text").GetString());
    }
}
