using Dataans.App.Cli;

namespace Dataans.App.Tests.Cli;

public sealed class CliBehaviourTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await _cli.RunRawAsync(["--help"]);

        result.AssertOk();
        foreach (var word in new[] { "space", "note", "search", "export", "import", "ui", "--data-dir", "--json", "highlights" })
        {
            Assert.Contains(word, result.Stdout, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(_cli.DataDir));
    }

    [Theory]
    [InlineData("", "ui")]
    [InlineData("--no-browser", "ui --no-browser")]
    [InlineData("--app --port 0", "ui --app --port 0")]
    [InlineData("--data-dir /tmp/x --no-browser", "ui --data-dir /tmp/x --no-browser")]
    [InlineData("ui --no-browser", "ui --no-browser")]
    [InlineData("space list", "space list")]
    [InlineData("--help", "--help")]
    [InlineData("--version", "--version")]
    [InlineData("--data-dir /tmp/x space list", "--data-dir /tmp/x space list")]
    public void NoCommand_StartsTheUi(string given, string run) =>
        Assert.Equal(run, string.Join(' ', UiCommand.WithDefaultCommand(given.Split(' ', StringSplitOptions.RemoveEmptyEntries))));

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await _cli.RunRawAsync(["--version"]);

        result.AssertOk();
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Fact]
    public async Task SubcommandHelp_DescribesItsOptions()
    {
        var result = await _cli.RunRawAsync(["note", "add", "--help"]);

        result.AssertOk();
        Assert.Contains("--attach", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("standard input", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("space", "list", "--colour")]
    [InlineData("space", "explode")]
    [InlineData("space")]
    [InlineData("space", "add")]
    [InlineData("note", "show")]
    [InlineData("import")]
    public async Task BadCommandLine_IsAUsageError(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        result.AssertUsage("dataans");
        Assert.False(Directory.Exists(_cli.DataDir));
    }

    [Fact]
    public async Task GlobalOptions_BeforeOrAfterTheCommandWords_MeanTheSame()
    {
        var id = await _cli.AddSpaceAsync("Work");

        var before = await _cli.RunRawAsync(["--json", "--data-dir", _cli.DataDir, "space", "list"]);
        var middle = await _cli.RunRawAsync(["space", "--data-dir", _cli.DataDir, "list", "--json"]);
        var after = await _cli.RunRawAsync(["space", "list", "--json", "--data-dir", _cli.DataDir]);

        before.AssertOk();
        Assert.Contains(id, before.Stdout, StringComparison.Ordinal);
        Assert.Equal(before.Stdout, middle.Stdout);
        Assert.Equal(before.Stdout, after.Stdout);
    }

    [Fact]
    public async Task DataDir_IsAFile_FailsAndLeavesTheFileAlone()
    {
        var file = _cli.WriteFile("notes.txt", [1, 2, 3]);

        var error = (await _cli.RunRawAsync(["space", "list", "--data-dir", file])).AssertFailure();

        Assert.Equal($"The data folder '{file}' is a file, not a folder.", error);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task DataDir_Empty_IsAUsageErrorNotTheDefaultFolder()
    {
        var result = await _cli.RunRawAsync(["space", "add", "Work", "--data-dir", " "]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("--data-dir needs a folder path.", result.Stderr.Trim());
    }

    [Fact]
    public async Task DataDir_InsideAFile_Fails()
    {
        var file = _cli.WriteFile("notes.txt", [1]);
        var inside = Path.Combine(file, "data");

        var error = (await _cli.RunRawAsync(["space", "add", "Work", "--data-dir", inside])).AssertFailure();

        Assert.StartsWith($"The data folder '{inside}' cannot be used", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataDir_Unwritable_Fails()
    {
        // /sys refuses new folders even to root, unlike a chmod-ed temp folder.
        var unwritable = "/sys/dataans-test-" + Guid.NewGuid().ToString("N");

        var error = (await _cli.RunRawAsync(["space", "add", "Work", "--data-dir", unwritable])).AssertFailure();

        Assert.StartsWith($"The data folder '{unwritable}' cannot be", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(unwritable));
    }

    [Fact]
    public async Task CorruptDatabase_FailsClearlyAndDoesNotOverwriteIt()
    {
        var database = Path.Combine(_cli.DataDir, "db", "dataans.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var garbage = System.Text.Encoding.ASCII.GetBytes(new string('x', 8192));
        await File.WriteAllBytesAsync(database, garbage);

        var error = (await _cli.RunAsync("space", "list")).AssertFailure();

        Assert.Contains($"The database '{database}' cannot be opened", error, StringComparison.Ordinal);
        Assert.Contains("not a database", error, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(database));
    }

    [Fact]
    public async Task Failure_PrintsNothingOnStandardOutput()
    {
        var result = await _cli.RunAsync("space", "rename", "abcdef", "x", "--json");

        Assert.Equal("No space is named 'abcdef' or has an id starting with it.", result.AssertFailure());
        Assert.Equal(string.Empty, result.Stdout);
    }
}
