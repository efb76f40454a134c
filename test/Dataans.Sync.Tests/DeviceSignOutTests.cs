using System.Diagnostics;
using System.Net;

namespace Dataans.Sync.Tests;

/// <summary>
/// Tokens per device through the real `dataans` CLI: `sync logout` revokes the device's own token on
/// the server, and the user's other device keeps syncing without typing the password again.
/// </summary>
public sealed class DeviceSignOutTests : IAsyncLifetime
{
    private const string Passphrase = "Quiet-Maple-River-Stone-Lantern";
    private readonly string _laptop = Directory.CreateTempSubdirectory("dataans-laptop-").FullName;
    private readonly string _phone = Directory.CreateTempSubdirectory("dataans-phone-").FullName;
    private ServerInstance _server = null!;

    public async Task InitializeAsync() => _server = await ServerInstance.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_laptop, recursive: true);
        Directory.Delete(_phone, recursive: true);
    }

    [Fact]
    public async Task SyncLogout_RevokesOnlyThisDevicesToken()
    {
        var laptopToken = await _server.AddUserAsync("erin");
        var (code, added, error) = await _server.AdminAsync(["user", "token", "add", "erin", "--label", "phone"]);
        Assert.True(code == 0, error);
        var phoneToken = added.TrimEnd().Split('\n')[^1];
        foreach (var (device, token) in new[] { (_laptop, laptopToken), (_phone, phoneToken) })
        {
            await CliAsync(device, "password\n", "sync", "login", "--server", _server.BaseAddress.AbsoluteUri, "--token", token,
                "--passphrase", Passphrase, "--password-stdin");
            await CliAsync(device, null, "sync", "now");
        }

        var (_, signOut) = await CliAsync(_laptop, null, "sync", "logout");
        Assert.Contains("the server revoked this device's token", signOut, StringComparison.Ordinal);
        using var laptop = _server.Client(laptopToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("health/auth")).StatusCode);

        await CliAsync(_phone, null, "sync", "now");
        var (_, tokens, _) = await _server.AdminAsync(["user", "token", "list", "erin"]);
        Assert.Equal(["phone"], tokens.TrimEnd().Split('\n').Skip(1).Select(line => line.Split('\t')[1]));
    }

    private static async Task<(string Stdout, string Stderr)> CliAsync(string dataDir, string? input, params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = Path.Combine(Processes.RepoRoot(), "src", "Dataans.App", "bin", configuration, "net10.0", "dataans.dll");
        Assert.True(File.Exists(cli), $"Build the app first: {cli} is missing.");
        var info = new ProcessStartInfo("dotnet", [cli, .. args, "--data-dir", dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dataans {string.Join(' ', args)} failed (exit {process.ExitCode}): {await stderr}");
        return (await stdout, await stderr);
    }
}
