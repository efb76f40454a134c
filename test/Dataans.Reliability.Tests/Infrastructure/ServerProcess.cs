using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// dataans-server as a separate operating-system process (<c>dotnet dataans-server.dll</c> from the test
/// output folder) on a fixed loopback port, so that it can be killed (SIGKILL) and started again on the
/// same port and data, and its memory measured. Console output is kept in <see cref="Output"/>.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly string[] _args;
    private readonly bool _ownsDataDir;
    private Process? _process;

    private ServerProcess(string dataDir, string[] args, int port, bool ownsDataDir)
    {
        DataDir = dataDir;
        _args = args;
        Port = port;
        _ownsDataDir = ownsDataDir;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string DataDir { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every line the server wrote to stdout and stderr, across restarts.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>Times the process was killed with <see cref="Kill"/>.</summary>
    public int Kills { get; private set; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts the server with dataans-server <paramref name="args"/> (a temp --data-dir is added unless
    /// given) and waits until <c>/health</c> answers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(params string[] args)
    {
        var ownsDataDir = !args.Contains("--data-dir");
        var dataDir = ownsDataDir ? Directory.CreateTempSubdirectory("dataans-server-process-").FullName : args[Array.IndexOf(args, "--data-dir") + 1];
        string[] allArgs = ownsDataDir ? [.. args, "--data-dir", dataDir] : args;
        var server = new ServerProcess(dataDir, allArgs, Processes.FreePort(), ownsDataDir);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the process again (after <see cref="Kill"/>) on the same port, data and options.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataans-server.dll"));
        foreach (var arg in _args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{Port}");
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false"; // no inotify watcher: the machine-wide limit (128) is shared
        _process?.Dispose();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown code runs) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process)
        {
            throw new InvalidOperationException("The server is not running.");
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Kills++;
    }

    /// <summary>The process's resident set size in bytes, from /proc.</summary>
    public long ResidentBytes()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        process.Refresh();
        return process.WorkingSet64;
    }

    /// <summary>Output lines logged at Error or Critical level by the console logger ("fail:"/"crit:").</summary>
    public IReadOnlyList<string> ErrorLines() => [.. Output.Where(IsErrorLine)];

    /// <summary>Whether a console log line starts an Error or Critical entry ("2026-…Z fail: …"; the timestamp is optional).</summary>
    public static bool IsErrorLine(string line) => LevelPrefix().Match(line) is { Success: true } match && match.Groups["level"].Value is "fail" or "crit";

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{4}-\d\d-\d\dT[\d:.]+Z )?(?<level>trce|dbug|info|warn|fail|crit):")]
    private static partial System.Text.RegularExpressions.Regex LevelPrefix();

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Runs an admin command (e.g. <c>user add alice</c>) as its own process against the same storage.</summary>
    public async Task<string> AdminAsync(params string[] command) =>
        await Processes.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "dataans-server.dll"), .. command, .. _args]);

    /// <summary>Creates a token user with the real admin command and returns the printed token.</summary>
    public async Task<string> AddUserAsync(string name) => (await AdminAsync("user", "add", name)).TrimEnd().Split('\n')[^1];

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            _process!.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_ownsDataDir)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"dataans-server exited with {exited.ExitCode}: {string.Join('\n', Output.TakeLast(20))}");
            }

            try
            {
                using var response = await client.GetAsync("health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"dataans-server did not answer /health within {timeout}.");
            }

            await Task.Delay(100);
        }
    }
}
