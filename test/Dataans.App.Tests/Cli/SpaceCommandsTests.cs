namespace Dataans.App.Tests.Cli;

public sealed class SpaceCommandsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_Name_PrintsNewIdThatListShows()
    {
        var result = await _cli.RunAsync("space", "add", "Work");

        result.AssertOk();
        var id = Guid.Parse(result.Stdout.Trim());
        var list = await _cli.RunAsync("space", "list");
        list.AssertOk();
        var lines = list.Stdout.TrimEnd().Split('\n');
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains(id.ToString(), lines[1], StringComparison.Ordinal);
        Assert.EndsWith("Work", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SeveralWords_JoinsThemIntoOneName()
    {
        var id = await _cli.AddSpaceAsync("Reading");
        await _cli.RunAsync("space", "add", "Home", "and", "garden");

        var spaces = await _cli.JsonAsync("space", "list");

        Assert.Equal(["Reading", "Home and garden"], spaces.EnumerateArray().Select(space => space.GetProperty("name").GetString()));
        Assert.Equal(id, spaces[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Add_ANameAlreadyTaken_CreatesTheSpace_AndSaysToUseItsId()
    {
        var first = await _cli.AddSpaceAsync("Work");
        Assert.Equal(string.Empty, (await _cli.RunAsync("space", "add", "Home")).Stderr);

        var second = await _cli.RunAsync("space", "add", "WORK");

        Assert.Equal(0, second.ExitCode);
        var id = second.Stdout.Trim();
        Assert.NotEqual(first, id);
        Assert.Equal("Note: 2 spaces are now named 'WORK'; where a command takes --space, give this one's id.", second.Stderr.Trim());
        (await _cli.RunAsync("note", "add", "--space", id[..8], "kept apart")).AssertOk();
        Assert.Equal(3, (await _cli.JsonAsync("space", "list")).GetArrayLength());
    }

    [Fact]
    public async Task ASpaceCanBeNamedWhereItsIdIsAsked_InAnyCase()
    {
        await _cli.AddSpaceAsync("Робота");
        await _cli.AddSpaceAsync("Home and garden");

        (await _cli.RunAsync("note", "add", "--space", "робота", "Привіт")).AssertOk();
        (await _cli.RunAsync("note", "add", "--space", "HOME AND GARDEN", "Tomatoes")).AssertOk();
        (await _cli.RunAsync("space", "rename", "Home and garden", "Garden")).AssertOk();

        var spaces = await _cli.JsonAsync("space", "list");
        Assert.Equal([("Робота", 1), ("Garden", 1)], spaces.EnumerateArray().Select(space => (space.GetProperty("name").GetString(), space.GetProperty("noteCount").GetInt32())));
        var found = await _cli.RunAsync("search", "привіт", "--space", "Робота");
        found.AssertOk();
        Assert.Contains("Привіт", found.Stdout, StringComparison.Ordinal);
        Assert.Equal("No space is named 'Home and garden'.", (await _cli.RunAsync("note", "add", "--space", "Home and garden", "x")).AssertFailure());
    }

    [Fact]
    public async Task Add_Json_PrintsTheSpaceObject()
    {
        var space = await _cli.JsonAsync("space", "add", "Work");

        Assert.True(Guid.TryParse(space.GetProperty("id").GetString(), out _));
        Assert.Equal("Work", space.GetProperty("name").GetString());
        Assert.Equal(0, space.GetProperty("noteCount").GetInt32());
        var created = space.GetProperty("createdAt").GetString()!;
        Assert.EndsWith("Z", created, StringComparison.Ordinal);
        Assert.Equal(2025, Contracts.Timestamp.Parse(created).ToDateTimeOffset().Year);
        Assert.Equal(created, space.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task List_Json_GivesNoteCountsOldestFirst()
    {
        var work = await _cli.AddSpaceAsync("Work");
        var home = await _cli.AddSpaceAsync("Home");
        await _cli.AddNoteAsync(home, "one");
        await _cli.AddNoteAsync(home, "two");

        var spaces = await _cli.JsonAsync("space", "list");

        Assert.Equal(2, spaces.GetArrayLength());
        Assert.Equal((work, 0), (spaces[0].GetProperty("id").GetString(), spaces[0].GetProperty("noteCount").GetInt32()));
        Assert.Equal((home, 2), (spaces[1].GetProperty("id").GetString(), spaces[1].GetProperty("noteCount").GetInt32()));
    }

    [Fact]
    public async Task List_NoSpaces_SaysHowToCreateOne()
    {
        var result = await _cli.RunAsync("space", "list");

        result.AssertOk();
        Assert.Contains("dataans space add", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("[]", (await _cli.RunAsync("space", "list", "--json")).Stdout.Trim());
    }

    [Fact]
    public async Task Rename_UniquePrefix_RenamesTheSpace()
    {
        var id = await _cli.AddSpaceAsync("Wrok");

        var result = await _cli.RunAsync("space", "rename", id[..8], "Work");

        result.AssertOk();
        Assert.Contains("'Work'", result.Stdout, StringComparison.Ordinal);
        var spaces = await _cli.JsonAsync("space", "list");
        Assert.Equal("Work", spaces[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rename_EmptyName_FailsAndKeepsTheName()
    {
        var id = await _cli.AddSpaceAsync("Work");

        var error = (await _cli.RunAsync("space", "rename", id, "  ")).AssertFailure();

        Assert.Equal("A space needs a name.", error);
        Assert.Equal("Work", (await _cli.JsonAsync("space", "list"))[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rename_AmbiguousPrefix_FailsAndRenamesNothing()
    {
        // 17 spaces: by the pigeonhole principle two ids share their first hex digit.
        var ids = new List<Guid>();
        using (var store = await _cli.OpenStoreAsync())
        {
            for (var i = 0; i < 17; i++)
            {
                ids.Add((await store.CreateSpaceAsync($"Space {i}")).Id);
            }
        }

        var prefix = ids.GroupBy(id => id.ToString()[..1]).First(group => group.Count() > 1).Key;

        var error = (await _cli.RunAsync("space", "rename", prefix, "Renamed")).AssertFailure();

        Assert.Contains("More than one space id starts with", error, StringComparison.Ordinal);
        var names = (await _cli.JsonAsync("space", "list")).EnumerateArray().Select(space => space.GetProperty("name").GetString());
        Assert.DoesNotContain("Renamed", names);
    }

    [Fact]
    public async Task Delete_Space_RemovesItAndItsNotes()
    {
        var keep = await _cli.AddSpaceAsync("Keep");
        var gone = await _cli.AddSpaceAsync("Gone");
        var note = await _cli.AddNoteAsync(gone, "in the deleted space");

        var result = await _cli.RunAsync("space", "delete", gone);

        result.AssertOk();
        Assert.Contains("Deleted space 'Gone'", result.Stdout, StringComparison.Ordinal);
        var spaces = await _cli.JsonAsync("space", "list");
        Assert.Equal([keep], spaces.EnumerateArray().Select(space => space.GetProperty("id").GetString()));
        (await _cli.RunAsync("note", "show", note)).AssertFailure();
    }

    [Fact]
    public async Task Delete_Json_ReportsTheDeletedId()
    {
        var id = await _cli.AddSpaceAsync("Gone");

        var deleted = await _cli.JsonAsync("space", "delete", id);

        Assert.Equal(id, deleted.GetProperty("id").GetString());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        (await _cli.RunAsync("space", "delete", id)).AssertFailure();
    }
}
