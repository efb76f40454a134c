using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dataans.App.Tests.Cli;

/// <summary>The real <c>dataans ui</c> on a port another program holds: it says so in one line and uses a free port, with no stack trace.</summary>
public sealed class UiPortTakenTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task TakenPort_OneLineAndAFreePort()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "dataans.dll"), "ui", "--no-browser", "--port", taken.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATAANS_DATA_DIR"] = _cli.DataDir;
        start.Environment["DATAANS_NO_BROWSER"] = "1";
        using var process = Process.Start(start)!;
        var stderr = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            string? line;
            var stdout = new List<string>();
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("Dataans is running at ", StringComparison.Ordinal))
            {
                stdout.Add(line);
            }

            Assert.True(line is not null, "no address printed: " + string.Join('\n', stdout));
            var url = new Uri(line["Dataans is running at ".Length..].Split(' ')[0]);
            Assert.NotEqual(taken, url.Port);
            Assert.Empty(stdout);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        lock (stderr)
        {
            var message = Assert.Single(stderr);
            Assert.Contains($"Port {taken} on 127.0.0.1 is taken", message, StringComparison.Ordinal);
        }
    }
}
