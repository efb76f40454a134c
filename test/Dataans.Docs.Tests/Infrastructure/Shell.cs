using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>
/// Runs command lines exactly as a user types them: through <c>bash -c</c>, from the repository root,
/// with a home folder of its own (so <c>~</c>, the default data folders and the default server folder
/// are the test's, never the machine user's). The .NET SDK keeps the machine's package cache and CLI
/// home, so <c>dotnet run</c> builds as it would for the user.
/// </summary>
internal sealed class Shell
{
    private readonly Dictionary<string, string> _environment = [];

    public Shell(string home)
    {
        Home = home;
        Directory.CreateDirectory(home);
        var realHome = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        _environment["HOME"] = home;
        _environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(realHome, ".nuget", "packages");
        _environment["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("DOTNET_CLI_HOME") ?? realHome;
        _environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _environment["DOTNET_NOLOGO"] = "1";
        _environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        // Nothing the user did not set: the defaults the docs describe must apply.
        _environment["XDG_DATA_HOME"] = string.Empty;
        _environment["XDG_CONFIG_HOME"] = string.Empty;
        _environment["DATAANS_DATA_DIR"] = string.Empty;
        _environment["DISPLAY"] = string.Empty;
        _environment["WAYLAND_DISPLAY"] = string.Empty;

        // No browser may open during a test: xdg-open falls back to $BROWSER.
        _environment["BROWSER"] = "true";
    }

    public string Home { get; }

    public static string RepoRoot { get; } = Processes.RepoRoot();

    /// <summary>Sets (or, with null, removes) an environment variable for every later command.</summary>
    public void Set(string name, string? value) => _environment[name] = value ?? string.Empty;

    /// <summary>Runs a command line to its end and returns what it printed.</summary>
    public async Task<ShellResult> RunAsync(string commandLine, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(commandLine);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' did not end within {timeout ?? TimeSpan.FromMinutes(5)}; it printed: {await stdout} {await stderr}");
        }

        return new ShellResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running command line (a server, the app) and keeps its output.</summary>
    public BackgroundCommand StartInBackground(string commandLine) => new(Start(commandLine), commandLine);

    private Process Start(string commandLine)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        foreach (var (name, value) in _environment)
        {
            if (value.Length == 0)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
    }
}

/// <summary>What a finished command printed and its exit code.</summary>
internal sealed record ShellResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public string LastLine => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    public ShellResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"'{CommandLine}' exited {ExitCode}.\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }
}

/// <summary>A command left running; its output lines are kept; disposing ends it and its children.</summary>
internal sealed class BackgroundCommand : IAsyncDisposable
{
    private readonly Process _process;

    public BackgroundCommand(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
    }

    public string CommandLine { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public bool HasExited => _process.HasExited;

    public string Printed => string.Join('\n', Output);

    /// <summary>Waits until a printed line satisfies the condition and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Output.FirstOrDefault(condition) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"'{CommandLine}' ended with {_process.ExitCode} before printing what was expected: {Printed}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{CommandLine}' did not print what was expected within {timeout}: {Printed}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }
}
