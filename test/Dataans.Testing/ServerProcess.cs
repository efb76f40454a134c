using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Dataans.Testing;

/// <summary>
/// The one launcher of the real dataans-server executable for tests and benchmarks: its own operating-system
/// process (<see cref="ServerExecutable.Dll"/>) on a free loopback port, ready once <c>/health</c> answers. It
/// can be killed (SIGKILL) and started again on the same port and data, its memory measured, and every line it
/// writes to stdout and stderr is kept in <see cref="Output"/> for log assertions (see ServerProcess.Output.cs).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private readonly string[] _args;
    private readonly bool _ownsDataDir;
    private Process? _process;

    private ServerProcess(string dataDir, string[] args, int port, int? extraPort, bool ownsDataDir)
    {
        DataDir = dataDir;
        _args = args;
        Port = port;
        ExtraPort = extraPort;
        _ownsDataDir = ownsDataDir;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>The free port that replaced the placeholder given to <see cref="StartAsync(string[], string?)"/>.</summary>
    public int? ExtraPort { get; }

    public Uri BaseAddress { get; }

    /// <summary>Times the process was killed with <see cref="Kill"/>.</summary>
    public int Kills { get; private set; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts the server with dataans-server <paramref name="args"/> (a temp --data-dir is added unless given).
    /// </summary>
    public static Task<ServerProcess> StartAsync(params string[] args) => StartAsync(args, null);

    /// <summary>
    /// Starts the server; <paramref name="args"/> may name one more free port (e.g. for --metrics-urls) through
    /// <paramref name="portPlaceholder"/>. A port another process took between the probe and the start is
    /// replaced and the start tried again.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string[] args, string? portPlaceholder)
    {
        var ownsDataDir = !args.Contains("--data-dir");
        var dataDir = ownsDataDir ? Directory.CreateTempSubdirectory("dataans-server-process-").FullName : args[Array.IndexOf(args, "--data-dir") + 1];
        for (var attempt = 1; ; attempt++)
        {
            int? extraPort = portPlaceholder is null ? null : Processes.FreePort();
            string[] resolved = extraPort is { } extra
                ? [.. args.Select(a => a.Replace(portPlaceholder!, extra.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))]
                : args;
            var server = new ServerProcess(dataDir, ownsDataDir ? [.. resolved, "--data-dir", dataDir] : resolved, Processes.FreePort(), extraPort, ownsDataDir);
            try
            {
                await server.RestartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && server.Output.Any(l => l.Contains("already in use", StringComparison.Ordinal)))
            {
                server._process?.Dispose();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the process again (after <see cref="Kill"/>) on the same port, data and options.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var info = ServerExecutable.StartInfo([.. _args, "--urls", $"http://127.0.0.1:{Port}"]);
        info.Environment["DOTNET_gcServer"] = "0";
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

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Runs an admin command (e.g. <c>user add alice</c>) as its own process against the same storage and options; returns its stdout.</summary>
    public async Task<string> AdminAsync(params string[] command)
    {
        var result = await ServerExecutable.RunAsync([.. command, .. _args]);
        return result.Code == 0 ? result.Stdout : throw new InvalidOperationException($"dataans-server {string.Join(' ', command)} exited {result.Code}: {result.Stderr}");
    }

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
        _process = null;
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

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process is { HasExited: true } exited)
            {
                await exited.WaitForExitAsync(); // the last output lines are read
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
