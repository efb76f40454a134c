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

    /// <summary>
    /// Starts the server on a free port; <paramref name="args"/> may name more free ports through
    /// <paramref name="portPlaceholder"/>, which is replaced by a fresh one on each attempt. A port another
    /// process took between the probe and the start is tried again.
    /// </summary>
    public static async Task<RunningServer> StartAsync(string[] args, string? portPlaceholder = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var extra = Processes.FreePort();
            string[] resolved = portPlaceholder is null ? args : [.. args.Select(a => a.Replace(portPlaceholder, extra.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))];
            var server = await TryStartAsync(resolved);
            server.ExtraPort = portPlaceholder is null ? null : extra;

            if (!server._process.HasExited || attempt == 3 || !server.Output.Any(l => l.Contains("already in use", StringComparison.Ordinal)))
            {
                Assert.False(server._process.HasExited, string.Join('\n', server.Output));
                return server;
            }

            await server.DisposeAsync();
        }
    }

    public static Task<RunningServer> StartAsync(params string[] args) => StartAsync(args, null);

    /// <summary>The port that replaced the placeholder of <see cref="StartAsync(string[], string?)"/>.</summary>
    public int? ExtraPort { get; private set; }

    private static async Task<RunningServer> TryStartAsync(string[] args)
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
        // Every listener (the metrics one too) says so; the API's own line means start-up got past all binds.
        var listening = $"Now listening on: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}";
        await TestOps.UntilAsync(() => Task.FromResult(server._process.HasExited || server.Output.Any(l => l.Contains(listening, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), "the server listens");
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
