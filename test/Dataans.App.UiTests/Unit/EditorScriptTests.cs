using System.Diagnostics;

namespace Dataans.App.UiTests.Unit;

/// <summary>Runs the editor's pure text transforms (wwwroot/js/editor.js) under node's test runner.</summary>
public sealed class EditorScriptTests
{
    [Fact]
    public async Task EditorTextTransforms_PassTheirNodeTests()
    {
        var test = Path.Combine(AppContext.BaseDirectory, "js", "editor.test.mjs");
        var editor = Path.Combine(RepositoryRoot(), "src", "Dataans.App", "wwwroot", "js", "editor.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add(test);
        start.Environment["DATAANS_EDITOR_JS"] = editor;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.Contains("# fail 0", await output, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dataans.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Dataans.slnx) was not found above the test output.");
    }
}
