using System.Text.Json;

namespace Dataans.App.Tests.Cli;

public sealed class NoteCommandsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_Text_PrintsIdThatShowFinds()
    {
        var space = await _cli.AddSpaceAsync("Work");

        var result = await _cli.RunAsync("note", "add", "--space", space, "Buy **milk**");

        result.AssertOk();
        var id = Guid.Parse(result.Stdout.Trim()).ToString();
        var note = await _cli.JsonAsync("note", "show", id);
        Assert.Equal("Buy **milk**", note.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Add_SeveralWords_JoinsThemWithSpaces()
    {
        var space = await _cli.AddSpaceAsync("Work");

        var id = (await _cli.RunAsync("note", "add", "--space", space, "call", "the", "bank")).Stdout.Trim();

        Assert.Equal("call the bank", (await _cli.JsonAsync("note", "show", id)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Add_Dash_ReadsTheTextFromStandardInput()
    {
        var space = await _cli.AddSpaceAsync("Work");

        var result = await _cli.RunWithInputAsync("# Title\n\n- one\n- two\n", "note", "add", "--space", space, "-");

        result.AssertOk();
        var note = await _cli.JsonAsync("note", "show", result.Stdout.Trim());
        Assert.Equal("# Title\n\n- one\n- two", note.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Add_NoTextWhileInputIsPiped_ReadsStandardInput()
    {
        var space = await _cli.AddSpaceAsync("Work");

        var result = await _cli.RunWithInputAsync("from the pipe\n", "note", "add", "--space", space);

        result.AssertOk();
        Assert.Equal("from the pipe", (await _cli.JsonAsync("note", "show", result.Stdout.Trim())).GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    public async Task Add_EmptyText_FailsAndWritesNothing(string text)
    {
        var space = await _cli.AddSpaceAsync("Work");

        var error = (await _cli.RunAsync("note", "add", "--space", space, text)).AssertFailure();

        Assert.Equal("A note needs some text or an attachment.", error);
        Assert.Equal(0, (await _cli.JsonAsync("note", "list", "--space", space)).GetArrayLength());
    }

    [Fact]
    public async Task Add_Json_PrintsIdsTimesTextFilesAndSpaceName()
    {
        var space = await _cli.AddSpaceAsync("Work");

        var note = await _cli.JsonAsync("note", "add", "--space", space[..6], "hello");

        Assert.Equal(
            ["id", "spaceId", "spaceName", "text", "createdAt", "updatedAt", "edited", "conflict", "files"],
            note.EnumerateObject().Select(property => property.Name));
        Assert.True(Guid.TryParse(note.GetProperty("id").GetString(), out _));
        Assert.Equal(space, note.GetProperty("spaceId").GetString());
        Assert.Equal("Work", note.GetProperty("spaceName").GetString());
        Assert.Equal("hello", note.GetProperty("text").GetString());
        Assert.True(Contracts.Timestamp.TryParse(note.GetProperty("createdAt").GetString(), out _));
        Assert.False(note.GetProperty("edited").GetBoolean());
        Assert.False(note.GetProperty("conflict").GetBoolean());
        Assert.Equal(JsonValueKind.Array, note.GetProperty("files").ValueKind);
        Assert.Equal(0, note.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task List_Limit_ShowsTheNewestOldestFirstAndSaysHowManyMore()
    {
        var space = await _cli.AddSpaceAsync("Work");
        foreach (var text in new[] { "first", "second", "third" })
        {
            await _cli.AddNoteAsync(space, text);
        }

        var result = await _cli.RunAsync("note", "list", "--space", space, "--limit", "2");

        Assert.Equal(0, result.ExitCode);
        var second = result.Stdout.IndexOf("    second", StringComparison.Ordinal);
        var third = result.Stdout.IndexOf("    third", StringComparison.Ordinal);
        Assert.True(second >= 0 && third > second, result.Stdout);
        Assert.DoesNotContain("first", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("newest 2 of 3", result.Stderr, StringComparison.Ordinal);
        var json = await _cli.JsonAsync("note", "list", "--space", space, "--limit", "2");
        Assert.Equal(["second", "third"], json.EnumerateArray().Select(note => note.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task List_HugeLimit_ListsEveryNote()
    {
        var space = await _cli.AddSpaceAsync("Work");
        await _cli.AddNoteAsync(space, "one");
        await _cli.AddNoteAsync(space, "two");

        var notes = await _cli.JsonAsync("note", "list", "--space", space, "--limit", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["one", "two"], notes.EnumerateArray().Select(note => note.GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99999999999")]
    [InlineData("ten")]
    public async Task List_LimitNotAPositiveNumber_IsAUsageError(string limit)
    {
        var space = await _cli.AddSpaceAsync("Work");

        var result = await _cli.RunAsync("note", "list", "--space", space, "--limit", limit);

        result.AssertUsage("--limit");
    }

    [Fact]
    public async Task WithoutSpace_TheOnlySpaceIsMeant_OtherwiseTheSpacesAreNamed()
    {
        Assert.Equal("There are no spaces yet: create one with 'dataans space add NAME'.", (await _cli.RunAsync("note", "add", "hello")).AssertFailure());

        await _cli.AddSpaceAsync("Inbox");
        var added = await _cli.RunAsync("note", "add", "hello");
        added.AssertOk();
        var listed = await _cli.RunAsync("note", "list");
        listed.AssertOk();
        Assert.StartsWith(added.Stdout.Trim(), listed.Stdout, StringComparison.Ordinal);

        await _cli.AddSpaceAsync("Work");
        foreach (var command in new string[][] { ["add", "second"], ["list"] })
        {
            var result = await _cli.RunAsync(["note", .. command]);
            result.AssertUsage("--space");
            Assert.Equal($"Name the space with --space: there are 2 ('Inbox', 'Work'); see 'dataans note {command[0]} --help'.", result.Stderr.Trim());
        }

        Assert.Single((await _cli.JsonAsync("note", "list", "--space", "Inbox")).EnumerateArray());
    }

    [Fact]
    public async Task List_HumanOutput_ShowsTimesInTheLocalTimeZone()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "what time is it");
        var created = Contracts.Timestamp.Parse((await _cli.JsonAsync("note", "show", id)).GetProperty("createdAt").GetString()!);
        var local = created.ToDateTimeOffset().ToOffset(TimeSpan.FromMinutes(330));

        var result = await _cli.RunAsync("note", "list", "--space", space);

        result.AssertOk();
        Assert.Contains($"{id}  {local:yyyy-MM-dd HH:mm}", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(15, local.Hour);
    }

    [Fact]
    public async Task Show_HumanOutput_GivesSpaceTimeAndText()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "line one\nline two");

        var result = await _cli.RunAsync("note", "show", id[..10]);

        result.AssertOk();
        Assert.Contains($"Space     Work ({space})", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Created   2025-03-01 15:", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\nline one\nline two\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AmbiguousPrefix_FailsWithOneSentence()
    {
        string space;
        var ids = new List<Guid>();
        using (var store = await _cli.OpenStoreAsync())
        {
            var created = await store.CreateSpaceAsync("Work");
            space = created.Id.ToString();
            for (var i = 0; i < 17; i++)
            {
                ids.Add((await store.CreateNoteAsync(created.Id, $"note {i}")).Id);
            }
        }

        var prefix = ids.GroupBy(id => id.ToString()[..1]).First(group => group.Count() > 1).Key;
        var unique = ids.Select(id => id.ToString()).First(id => ids.Count(other => other.ToString().StartsWith(id[..6], StringComparison.Ordinal)) == 1);

        var error = (await _cli.RunAsync("note", "show", prefix)).AssertFailure();

        Assert.Equal($"More than one note id starts with '{prefix}'; type more of it.", error);
        Assert.Equal(unique, (await _cli.JsonAsync("note", "show", unique[..6])).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("5d1c9f3e-0000-4000-8000-000000000000", "There is no note with id 5d1c9f3e-0000-4000-8000-000000000000.")]
    [InlineData("xyz", "'xyz' is not a note id.")]
    public async Task Show_UnknownId_FailsWithOneSentence(string id, string expected)
    {
        await _cli.AddSpaceAsync("Work");

        var error = (await _cli.RunAsync("note", "show", id)).AssertFailure();

        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task Delete_Note_IsGoneFromListAndShow()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var keep = await _cli.AddNoteAsync(space, "keep");
        var gone = await _cli.AddNoteAsync(space, "gone");

        var result = await _cli.RunAsync("note", "delete", gone[..8]);

        result.AssertOk();
        Assert.Equal($"Deleted note {gone}.", result.Stdout.Trim());
        var notes = await _cli.JsonAsync("note", "list", "--space", space);
        Assert.Equal([keep], notes.EnumerateArray().Select(note => note.GetProperty("id").GetString()));
        (await _cli.RunAsync("note", "show", gone)).AssertFailure();
    }
}
