using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Dataans.Server.Tests.Infrastructure;

/// <summary>The real dataans-server executable serving on a free loopback port, its console output kept line by line.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly Process _process;

    private RunningServer(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public static async Task<RunningServer> StartAsync(params string[] args)
    {
        var port = Processes.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] all = [ServerExecutable.Dll, .. args, "--urls", $"http://127.0.0.1:{port}"];
        foreach (var arg in all)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        var server = new RunningServer(Process.Start(info)!, port);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await TestOps.UntilAsync(() => Task.FromResult(server._process.HasExited || server.Output.Any(l => l.Contains("Now listening on", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), "the server listens");
        Assert.False(server._process.HasExited, string.Join('\n', server.Output));
        return server;
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

    /// <summary>Waits until a logged line satisfies <paramref name="condition"/> (logging is asynchronous).</summary>
    public Task WaitForLineAsync(Func<string, bool> condition, string what) =>
        TestOps.UntilAsync(() => Task.FromResult(Output.Any(condition)), TimeSpan.FromSeconds(30), what);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
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
