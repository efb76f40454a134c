using System.Diagnostics;
using Dataans.Tests.Original;

namespace Dataans.App.Tests.Cli;

/// <summary><c>dataans import DIR</c> and <c>dataans import --original [--with-profile]</c> on an installation of the original app.</summary>
public sealed class OriginalImportCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task ImportFolder_PrintsWhatItCarried_WarnsOfTheMissingFile_AndASecondRunAddsNothing()
    {
        var original = OriginalScenario.Build(Path.Combine(_cli.Root, "original")).Root;

        var first = await _cli.RunAsync("import", original);

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith($"Imported the original Dataans installation at {original}: 4 spaces, 6 notes, ", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("key bindings and theme carried over", first.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Warning: The file 'gone.txt'", first.Stderr, StringComparison.Ordinal);
        var spaces = await _cli.JsonAsync("space", "list");
        Assert.Equal(4, spaces.GetArrayLength());
        Assert.Contains(spaces.EnumerateArray(), space => space.GetProperty("name").GetString() == "仕事 Work");

        var second = await _cli.RunAsync("import", original, "--json");
        Assert.Equal(0, second.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(second.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("filesCopied").GetInt32());
        Assert.True(json.RootElement.GetProperty("alreadyKnown").GetInt32() > 29);
    }

    [Fact]
    public async Task ImportOfOurExportFolder_ReadsItsNewestExport_WithTheFiles()
    {
        var space = await _cli.AddSpaceAsync("Exported");
        var attachment = _cli.WriteFile("a.bin", [7, 7, 7]);
        (await _cli.RunAsync("note", "add", "--space", space, "with file", "--attach", attachment)).AssertOk();
        var folder = Path.Combine(_cli.Root, "export");
        (await _cli.RunAsync("export", "--format", "json", "--with-files", "--out", folder)).AssertOk();
        using var target = new CliHarness();

        var imported = await target.RunAsync("import", folder);

        imported.AssertOk();
        var spaceId = (await target.JsonAsync("space", "list"))[0].GetProperty("id").GetString()!;
        var note = (await target.JsonAsync("note", "list", "--space", spaceId))[0];
        var file = note.GetProperty("files")[0];
        Assert.Equal("a.bin", file.GetProperty("name").GetString());
        Assert.Equal(3, file.GetProperty("size").GetInt64());
    }

    [Theory]
    [InlineData(new string[] { "import" }, "Name a PATH to import, or give --original (not both).")]
    [InlineData(new string[] { "import", "x.json", "--original" }, "Name a PATH to import, or give --original (not both).")]
    public async Task WrongCombinations_AreUsageErrors(string[] args, string message)
    {
        var result = await _cli.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithProfileOnAJsonFile_IsAUsageError_AndAFolderThatIsNeither_IsNamed()
    {
        var json = _cli.WriteFile("backup.json", "{\"version\":\"V1\",\"data\":[]}"u8.ToArray());
        var usage = await _cli.RunAsync("import", json, "--with-profile");
        Assert.Equal((2, "--with-profile applies only to a folder of the original Dataans app."), (usage.ExitCode, usage.Stderr.Trim()));

        var empty = Directory.CreateDirectory(Path.Combine(_cli.Root, "empty")).FullName;
        var failure = (await _cli.RunAsync("import", empty)).AssertFailure();
        Assert.Equal($"'{empty}' holds neither a Dataans export (dataans-export-*.json) nor an installation of the original app (db/dataans.sqlite).", failure);
    }

    [Fact]
    public async Task ImportOriginal_FindsTheDefaultPlace_HonoursBasePath_AndTakesOverTheSignIn()
    {
        var xdg = Path.Combine(_cli.Root, "xdg");
        var appData = Path.Combine(xdg, "com.tbt.dataans");
        var data = Path.Combine(_cli.Root, "moved-data");
        var scenario = OriginalScenario.Build(data);
        scenario.Builder.WriteProfile($"{{\"auth_token\":\"eyJ.e30.sig\",\"secret_key\":[{string.Join(',', Enumerable.Repeat(9, 32))}],\"salt\":\"Aa-Bb-Cc-Dd-Ee\",\"sync_config\":{{\"url\":\"https://backup.dataans.com/\",\"mode\":\"Manual\"}}}}");
        Directory.CreateDirectory(Path.Combine(appData, "configs"));
        await File.WriteAllTextAsync(Path.Combine(appData, "configs", "config.toml"), OriginalScenario.ConfigToml.Replace("base-path = \"\"", $"base-path = \"{data}\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(appData, "configs", "theme_solar.toml"), OriginalScenario.ThemeToml);

        var nothing = await RunExecutableAsync(Path.Combine(_cli.Root, "no-xdg"), "import", "--original");
        Assert.Equal(1, nothing.ExitCode);
        Assert.StartsWith("There is no installation of the original Dataans app at its default place (", nothing.Stderr, StringComparison.Ordinal);

        var result = await RunExecutableAsync(xdg, "import", "--original", "--with-profile");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith($"Imported the original Dataans installation at {data}: 4 spaces, 6 notes", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("sign-in taken over", result.Stdout, StringComparison.Ordinal);
        var status = await RunExecutableAsync(xdg, "sync", "status", "--json");
        Assert.Contains("https://backup.dataans.com/", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("theme = \"theme_solar.toml\"", await File.ReadAllTextAsync(Path.Combine(_cli.DataDir, "configs", "config.toml")), StringComparison.Ordinal);
    }

    /// <summary>Runs the built <c>dataans</c> with its own XDG data home (where the original is looked for).</summary>
    private async Task<CliResult> RunExecutableAsync(string xdgDataHome, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataans.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATAANS_DATA_DIR"] = _cli.DataDir;
        start.Environment["XDG_DATA_HOME"] = xdgDataHome;
        start.Environment["HOME"] = Path.Combine(_cli.Root, "home");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
