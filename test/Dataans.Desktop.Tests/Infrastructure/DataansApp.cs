using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>The real <c>dataans</c> executable running as a child process, its output collected line by line.</summary>
internal sealed class DataansApp : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DataansApp(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public IReadOnlyList<string> Stderr => [.. _stderr];

    public string Output => $"stdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}";

    public static DataansApp Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(TestHome.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestHome.AppDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        TestHome.Apply(start, environment);
        return new DataansApp(Process.Start(start) ?? throw new InvalidOperationException("dataans did not start"));
    }

    /// <summary>The address from "Dataans is running at URL".</summary>
    public async Task<Uri> AddressAsync()
    {
        const string Prefix = "Dataans is running at ";
        var line = await Eventually.ValueAsync(
            () => Task.FromResult(Stdout.FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal)) ?? (Process.HasExited ? throw new InvalidOperationException("dataans exited: " + Output) : null)),
            "the app to print its address");
        return new Uri(line[Prefix.Length..].Split(' ')[0]);
    }

    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"dataans did not exit within {timeout.TotalSeconds:0} s\n{Output}");
        }

        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
