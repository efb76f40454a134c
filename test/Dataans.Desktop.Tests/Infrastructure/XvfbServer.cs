using System.Diagnostics;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>
/// A private X server (Xvfb, no window manager) for one test class. Xvfb picks a free display number
/// itself (<c>-displayfd</c>), so classes and other sessions on the machine never collide. <c>-noreset</c>:
/// an X server resets when its last client leaves, and a client connecting during the reset is refused.
/// </summary>
public sealed class XvfbServer : IAsyncLifetime
{
    public const int Width = 1280;
    public const int Height = 800;

    private Process? _process;

    /// <summary>The DISPLAY value, e.g. ":57".</summary>
    public string Display { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("Xvfb")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-displayfd", "1", "-screen", "0", $"{Width}x{Height}x24", "-nolisten", "tcp", "-noreset" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Xvfb did not start (is the xvfb package installed?)");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var number = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        if (!int.TryParse(number, out var display))
        {
            throw new InvalidOperationException($"Xvfb did not report its display number (got '{number}')");
        }

        Display = ":" + display;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
