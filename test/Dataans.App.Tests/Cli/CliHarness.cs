using System.Text.Json;
using Dataans.App.Cli;
using Dataans.Core.Storage;

namespace Dataans.App.Tests.Cli;

/// <summary>Runs the CLI in-process against a temp data folder of its own, deleted at dispose.</summary>
public sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "dataans-cli-tests", Guid.NewGuid().ToString("N"));
        DataDir = Path.Combine(Root, "data");
        Directory.CreateDirectory(Root);
    }

    /// <summary>A scratch folder for the test's own files; the data folder is inside it.</summary>
    public string Root { get; }

    public string DataDir { get; }

    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), TestClock.PlusFiveThirty);

    /// <summary>Runs <c>dataans ARGS --data-dir DATA</c> with a terminal (not redirected) standard input.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunRawAsync([.. args, "--data-dir", DataDir]);

    /// <summary>Runs <c>dataans ARGS --data-dir DATA</c> with <paramref name="stdin"/> piped in.</summary>
    public Task<CliResult> RunWithInputAsync(string stdin, params string[] args) =>
        RunRawAsync([.. args, "--data-dir", DataDir], stdin);

    public async Task<CliResult> RunRawAsync(string[] args, string? stdin = null, bool terminalOutput = false, bool terminalError = false)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(new StringReader(stdin ?? string.Empty), output, error)
        {
            IsInputRedirected = stdin is not null,
            UseAnsiStyles = terminalOutput,
            IsErrorTerminal = terminalError,
            TimeProvider = Clock,
        };
        var code = await DataansCli.RunAsync(args, environment);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with --json, asserts success and returns the parsed output.</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        result.AssertOk();
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    public async Task<string> AddSpaceAsync(string name)
    {
        var result = await RunAsync("space", "add", name);
        result.AssertOk();
        return result.Stdout.Trim();
    }

    public async Task<string> AddNoteAsync(string spaceId, string text)
    {
        var result = await RunAsync("note", "add", "--space", spaceId, text);
        result.AssertOk();
        return result.Stdout.Trim();
    }

    /// <summary>Opens the data folder's store directly, to set up what the CLI cannot (many objects quickly).</summary>
    public Task<DataansStore> OpenStoreAsync() => DataansStore.OpenAsync(new DataDirectory(DataDir), Clock);

    public string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder; a leftover must not fail a test.
        }
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public void AssertOk()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}; stderr: {Stderr}");
        Assert.Equal(string.Empty, Stderr);
    }

    /// <summary>Asserts a failure with exactly one line on standard error (a sentence, no stack trace).</summary>
    public string AssertFailure(int expectedCode = 1)
    {
        Assert.Equal(expectedCode, ExitCode);
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {Stderr}");
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(".", lines[0].TrimEnd(), StringComparison.Ordinal);
        return lines[0];
    }

    /// <summary>Asserts a usage error: exit 2, the problem and a hint on standard error, nothing on standard output.</summary>
    public void AssertUsage(string mentioned)
    {
        Assert.True(ExitCode == 2, $"exit {ExitCode}; stdout: {Stdout} stderr: {Stderr}");
        Assert.Contains(mentioned, Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Stdout);
    }
}

/// <summary>A clock that moves one second per read, in a +05:30 local time zone.</summary>
public sealed class TestClock(DateTimeOffset start, TimeZoneInfo zone) : TimeProvider
{
    public static readonly TimeZoneInfo PlusFiveThirty =
        TimeZoneInfo.CreateCustomTimeZone("Test+05:30", TimeSpan.FromMinutes(330), "Test +05:30", "Test +05:30");

    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override TimeZoneInfo LocalTimeZone => zone;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            var now = _now;
            _now += TimeSpan.FromSeconds(1);
            return now;
        }
    }
}
