using System.Diagnostics;

namespace Dataans.Desktop.Benchmarks;

/// <summary>
/// A private Xvfb (no window manager) on a display number it picks itself; <c>-noreset</c>, since between two
/// runs every client leaves, and a client connecting while the server resets is refused.
/// </summary>
internal sealed class Xvfb : IAsyncDisposable
{
    public const int Width = 1280;
    public const int Height = 800;

    private readonly Process _process;

    private Xvfb(Process process, string display)
    {
        _process = process;
        Display = display;
    }

    public string Display { get; }

    /// <summary>Whether this X server still runs (a failed run says so).</summary>
    public string State => _process.HasExited ? $"Xvfb {Display} exited with {_process.ExitCode}" : $"Xvfb {Display} is running";

    public static async Task<Xvfb> StartAsync()
    {
        var start = new ProcessStartInfo("Xvfb") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-displayfd", "1", "-screen", "0", $"{Width}x{Height}x24", "-nolisten", "tcp", "-noreset" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Xvfb did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var number = await process.StandardOutput.ReadLineAsync();
        return new Xvfb(process, ":" + number);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
