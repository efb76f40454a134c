using Dataans.App.Desktop;
using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary><c>dataans desktop install | autostart | uninstall</c> through the real executable, in a home of the test's own.</summary>
public sealed class DesktopEntryTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Install_WritesAValidLauncherEntryAndIcon_Uninstall_RemovesEverything()
    {
        var installed = await _home.RunAsync("desktop", "install");

        Assert.Equal((0, string.Empty), (installed.ExitCode, installed.Stderr));
        var entryPath = Path.Combine(_home.DataHome, "applications", "dataans.desktop");
        var entry = await File.ReadAllTextAsync(entryPath);
        Assert.Contains($"Exec={TestHome.DotnetHost} {TestHome.AppDll} --data-dir {_home.DataDir}\n", entry, StringComparison.Ordinal);
        Assert.Contains("Icon=dataans\n", entry, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_home.DataHome, "icons", "hicolor", "scalable", "apps", "dataans.svg")));
        var validation = await Tool.RunAsync("desktop-file-validate", new Dictionary<string, string?>(), entryPath);
        Assert.True(validation.ExitCode == 0 && validation.Stdout.Length == 0, validation.Stdout + validation.Stderr);

        var autostart = await _home.RunAsync("desktop", "autostart", "on");
        Assert.Equal(0, autostart.ExitCode);
        var autostartEntry = await File.ReadAllTextAsync(Path.Combine(_home.ConfigHome, "autostart", "dataans.desktop"));
        Assert.Contains($"Exec={TestHome.DotnetHost} {TestHome.AppDll} --data-dir {_home.DataDir} --hidden\n", autostartEntry, StringComparison.Ordinal);

        var uninstalled = await _home.RunAsync("desktop", "uninstall");
        Assert.Equal(0, uninstalled.ExitCode);
        Assert.DoesNotContain(Directory.EnumerateFiles(_home.Home, "*", SearchOption.AllDirectories), path => path.Contains("dataans.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Autostart_BadState_IsAUsageError()
    {
        var result = await _home.RunAsync("desktop", "autostart", "maybe");

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(_home.ConfigHome, "autostart", "dataans.desktop")));
    }

    [Fact]
    public async Task Toggle_WithNoAppRunning_SaysSo()
    {
        var result = await _home.RunAsync("desktop", "toggle");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Dataans is not running on the data folder {_home.DataDir}.", result.Stderr.Trim());
    }

    [Theory]
    [InlineData("/opt/dataans/dataans", "/opt/dataans/dataans")]
    [InlineData("/home/me/My Apps/dataans", "\"/home/me/My Apps/dataans\"")]
    [InlineData("/tmp/a$b\"c`d\\e", "\"/tmp/a\\\\$b\\\\\"c\\\\`d\\\\\\\\e\"")]
    [InlineData("100%", "\"100%%\"")]
    public void ExecArgument_QuotesAsTheDesktopEntrySpecAsks(string argument, string expected) =>
        Assert.Equal(expected, DesktopEntries.ExecArgument(argument));
}
