using System.Diagnostics;

namespace Dataans.App.Tests.Cli;

/// <summary>Runs the built <c>dataans</c> as a child process: real exit codes, real pipes, real environment.</summary>
public sealed class ExecutableTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Executable_PipedNote_IsStoredAndExitCodesAreReal()
    {
        var space = await RunAsync(null, "space", "add", "Work");
        Assert.Equal((0, string.Empty), (space.ExitCode, space.Stderr));
        var spaceId = space.Stdout.Trim();

        var added = await RunAsync("piped **text**\nsecond line\n", "note", "add", "--space", spaceId[..8]);
        Assert.Equal((0, string.Empty), (added.ExitCode, added.Stderr));

        var shown = await RunAsync(null, "note", "show", added.Stdout.Trim(), "--json");
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("\"text\": \"piped **text**\\nsecond line\"", shown.Stdout, StringComparison.Ordinal);

        var missing = await RunAsync(null, "note", "show", "00000000-0000-4000-8000-000000000000");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("There is no note with id 00000000-0000-4000-8000-000000000000.", missing.Stderr.Trim());

        var usage = await RunAsync(null, "note", "frobnicate");
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(string.Empty, usage.Stdout);
    }

    [Fact]
    public async Task Executable_NoArguments_StartsTheUiOnLoopback()
    {
        // The built output, run as a user would (Production): the page and the framework script must be served.
        var configs = Path.Combine(_cli.DataDir, "configs");
        Directory.CreateDirectory(configs);
        await File.WriteAllTextAsync(Path.Combine(configs, "config.toml"), "[app]\nport = 0\n");
        using var process = Process.Start(StartInfo())!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            string? line;
            var seen = new List<string>();
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("Dataans is running at ", StringComparison.Ordinal))
            {
                seen.Add(line);
            }

            if (line is null)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("no address printed: " + string.Join('\n', seen) + await process.StandardError.ReadToEndAsync(timeout.Token));
            }

            var url = new Uri(line["Dataans is running at ".Length..].Split(' ')[0]);
            Assert.Equal("127.0.0.1", url.Host);
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            var page = await http.GetStringAsync("/", timeout.Token);
            var source = System.Text.RegularExpressions.Regex.Match(page, "src=\"([^\"]*_framework/blazor\\.web[^\"]*)\"");
            Assert.True(source.Success, page);
            foreach (var path in new[] { source.Groups[1].Value, "_framework/blazor.web.js", "js/dataans.js", "dataans.styles.css" })
            {
                var asset = await http.GetAsync(path, timeout.Token);
                Assert.True(asset.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {asset.StatusCode}");
            }

            Assert.True(File.Exists(Path.Combine(configs, "theme_light.toml")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Executable_OpeningTheStore_KeepsWhatAnotherProcessIsStaging()
    {
        // This test process plays the running app, staging an attachment's bytes; the CLI, a process of its
        // own, opens the same store meanwhile (each open cleans what writers that are gone left staged).
        var staging = Path.Combine(_cli.DataDir, "files", ".staging");
        using (var app = await _cli.OpenStoreAsync())
        {
            var staged = await app.Files.StageAsync([7, 8, 9]);

            var listed = await RunAsync(null, "space", "list");

            Assert.Equal((0, string.Empty), (listed.ExitCode, listed.Stderr));
            Assert.True(File.Exists(staged.Path), "the CLI removed what another process was staging");
            app.Files.Commit(staged, "kept.bin");
            Assert.Equal([7, 8, 9], await File.ReadAllBytesAsync(app.Files.Resolve("kept.bin")!));
            await app.Files.StageAsync([1, 2]); // left unsettled: closing the store takes its staging folder along
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(0, (await RunAsync(null, "space", "list")).ExitCode);
        Assert.Empty(Directory.Exists(staging) ? Directory.EnumerateFileSystemEntries(staging, "*", SearchOption.AllDirectories) : []);
    }

    private ProcessStartInfo StartInfo(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dataans.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built next to the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATAANS_DATA_DIR"] = _cli.DataDir;
        start.Environment["DATAANS_NO_BROWSER"] = "1";
        start.Environment["NO_COLOR"] = "1";
        return start;
    }

    [Fact]
    public async Task Executable_HomeNotCreatedYet_KeepsItsDataUnderHome_NotTheWorkingFolder()
    {
        // A service account or a new user whose home folder does not exist yet: the data belongs under $HOME, never in the current folder.
        var home = Path.Combine(_cli.Root, "home-not-yet");
        var workingFolder = Directory.CreateDirectory(Path.Combine(_cli.Root, "elsewhere")).FullName;

        var added = await RunAsync(null, start =>
        {
            start.Environment.Remove("DATAANS_DATA_DIR");
            start.Environment.Remove("XDG_DATA_HOME");
            start.Environment["HOME"] = home;
            start.WorkingDirectory = workingFolder;
        }, "space", "add", "Work");

        Assert.Equal((0, string.Empty), (added.ExitCode, added.Stderr));
        Assert.True(File.Exists(Path.Combine(home, ".local", "share", "dataans", "db", "dataans.sqlite")), "no store under the new home");
        Assert.Empty(Directory.EnumerateFileSystemEntries(workingFolder));
    }

    /// <summary>Runs <c>dotnet dataans.dll ARGS</c> with the data folder from DATAANS_DATA_DIR.</summary>
    private Task<CliResult> RunAsync(string? stdin, params string[] args) => RunAsync(stdin, _ => { }, args);

    private async Task<CliResult> RunAsync(string? stdin, Action<ProcessStartInfo> adjust, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dataans.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built next to the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATAANS_DATA_DIR"] = _cli.DataDir;
        start.Environment["NO_COLOR"] = "1";
        adjust(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
