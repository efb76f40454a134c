using System.Diagnostics;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>A private D-Bus session bus (<c>dbus-daemon --session</c>) listening in a folder of the test's own.</summary>
internal sealed class SessionBus : IAsyncDisposable
{
    private readonly Process _process;

    private SessionBus(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The value for DBUS_SESSION_BUS_ADDRESS.</summary>
    public string Address { get; }

    public static async Task<SessionBus> StartAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dbus-daemon")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--session", "--nofork", "--nopidfile", "--print-address=1", $"--address=unix:path={Path.Combine(folder, "bus")}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var address = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (string.IsNullOrWhiteSpace(address))
        {
            process.Kill();
            throw new InvalidOperationException("dbus-daemon printed no address");
        }

        return new SessionBus(process, address.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
