
namespace Dataans.Server.Tests;

/// <summary>The documented systemd unit (shipped beside the executable) passes <c>systemd-analyze verify</c> and starts the server with options it accepts.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string Installed = "/opt/dataans-server/dataans-server";
    private readonly string _dir = Directory.CreateTempSubdirectory("dataans-unit-").FullName;

    [Fact]
    public async Task Unit_VerifiesAndItsCommandLineIsAccepted()
    {
        var shipped = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dataans-server.service"));
        var execStart = shipped.Split('\n').Single(line => line.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Trim();
        Assert.StartsWith(Installed + " ", execStart, StringComparison.Ordinal);

        // As installed elsewhere: ExecStart names this build's executable.
        var unit = Path.Combine(_dir, "dataans-server.service");
        await File.WriteAllTextAsync(unit, shipped.Replace(Installed, Path.Combine(AppContext.BaseDirectory, "dataans-server"), StringComparison.Ordinal));
        var (code, output) = await RunAsync("systemd-analyze", "verify", unit);
        Assert.True(code == 0 && output.Length == 0, $"systemd-analyze verify exited {code}:\n{output}");

        string[] options = [.. execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
        var version = await ServerExecutable.RunAsync([.. options, "--version"]);
        Assert.True(version.Code == 0, version.Stderr);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
