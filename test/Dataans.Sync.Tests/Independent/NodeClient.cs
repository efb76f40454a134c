using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataans.Sync.Tests.Independent;

/// <summary>
/// Runs the independent Node client (<c>Independent/client.js</c>, written from docs/protocol.md and
/// docs/formats.md only). Requests go on standard input as JSON, so keys and tokens never reach a
/// command line; the answer is the JSON line <c>{"result": …}</c>. Node 20+ must be on PATH.
/// </summary>
internal static class NodeClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string FormatsDocument => FindDocument();

    /// <summary>Runs one command to its end and returns its result.</summary>
    public static async Task<JsonElement> RunAsync(string command, JsonObject request)
    {
        using var process = Start(command, request);
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node client.js {command} did not finish within {Timeout}.");
        }

        Assert.True(process.ExitCode == 0, $"node client.js {command} failed: {await error}");
        using var document = JsonDocument.Parse((await output).Trim().Split('\n')[^1]);
        return document.RootElement.GetProperty("result").Clone();
    }

    /// <summary>Starts <c>listen</c>; its standard output carries one JSON line per head event.</summary>
    public static Process StartListening(JsonObject request) => Start("listen", request);

    public static async Task<JsonElement> ReadEventAsync(Process listener, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var line = await listener.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException($"The listener ended: {await listener.StandardError.ReadToEndAsync()}");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static Process Start(string command, JsonObject request)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Independent", "client.js"));
        start.ArgumentList.Add(command);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        return process;
    }

    private static string FindDocument([CallerFilePath] string source = "")
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "formats.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "docs", "formats.md"));
    }
}
