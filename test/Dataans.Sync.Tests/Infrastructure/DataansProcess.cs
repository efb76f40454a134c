using System.Diagnostics;

namespace Dataans.Sync.Tests;

/// <summary>
/// Runs the built <c>dataans</c> executable as a user would: real arguments, standard input, environment
/// and exit code. <see cref="OnErrorLine"/> sees standard error as it is written (e.g. to follow the
/// browser sign-in address the CLI prints).
/// </summary>
internal sealed class DataansProcess
{
    private readonly string _dataDir;

    public DataansProcess(string dataDir) => _dataDir = dataDir;

    /// <summary>Called with each standard error line while the command runs.</summary>
    public Func<string, Task>? OnErrorLine { get; init; }

    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [AppPath(), .. args, "--data-dir", _dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment.Remove("DATAANS_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var followers = new List<Task>();
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            stderr.AppendLine(line);
            if (OnErrorLine is { } follow)
            {
                followers.Add(Task.Run(() => follow(line)));
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(followers);
        return (process.ExitCode, await stdout, stderr.ToString());
    }

    private static string AppPath()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Processes.RepoRoot(), "src", "Dataans.App", "bin", configuration, "net10.0", "dataans.dll");
        Assert.True(File.Exists(path), $"Build the app first: {path} is missing.");
        return path;
    }
}
