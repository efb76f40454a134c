using System.Diagnostics;
using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// docs/desktop.md and the README's desktop lines: --browser, installing the published app as a desktop
/// app, autostart, toggling the running window (on a private Xvfb), uninstalling; and the desktop
/// benchmark of docs/benchmarks.md, run once instead of five times.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class DesktopJourneyTests : IDisposable
{
    public static readonly string[] Commands =
    [
        "dotnet run --project src/Dataans.App -- --browser",
        "dotnet publish src/Dataans.App -c Release -o ~/dataans-app",
        "~/dataans-app/dataans desktop install",
        "~/dataans-app/dataans",
        "~/dataans-app/dataans desktop toggle",
        "~/dataans-app/dataans desktop autostart on",
        "~/dataans-app/dataans desktop autostart off",
        "~/dataans-app/dataans desktop uninstall",
        "dotnet run --project bench/Dataans.Desktop.Benchmarks -c Release -- --runs 5",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-desktop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DesktopCommands_RunAsDocumented()
    {
        var ledger = new CommandLedger(Commands);
        var shell = new Shell(Path.Combine(_root, "home"));

        await using (var browser = ledger.Start(shell, "dotnet run --project src/Dataans.App -- --browser"))
        {
            await AppChecks.AssertServesUiAsync(browser, StartTimeout);
            Assert.DoesNotContain("No desktop window", browser.Printed, StringComparison.Ordinal);
        }

        (await ledger.RunAsync(shell, "dotnet publish src/Dataans.App -c Release -o ~/dataans-app")).AssertSucceeded();
        (await ledger.RunAsync(shell, "~/dataans-app/dataans desktop install")).AssertSucceeded();
        var entry = await File.ReadAllTextAsync(Path.Combine(shell.Home, ".local", "share", "applications", "dataans.desktop"));
        Assert.Contains($"Exec={Path.Combine(shell.Home, "dataans-app", "dataans")}\n", entry, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(shell.Home, ".local", "share", "icons", "hicolor", "scalable", "apps", "dataans.svg")));

        // The published app opens its window on a display; the documented toggle hides and shows it.
        using (var display = XvfbDisplay.Start())
        {
            shell.Set("DISPLAY", display.Name);
            await using var app = ledger.Start(shell, "~/dataans-app/dataans");
            await AppChecks.AssertServesUiAsync(app, StartTimeout);
            Assert.DoesNotContain("No desktop window", app.Printed, StringComparison.Ordinal);
            (await ledger.RunAsync(shell, "~/dataans-app/dataans desktop toggle")).AssertSucceeded();
            (await ledger.RunAsync(shell, "~/dataans-app/dataans desktop toggle")).AssertSucceeded();
            shell.Set("DISPLAY", null);
        }

        var autostart = Path.Combine(shell.Home, ".config", "autostart", "dataans.desktop");
        (await ledger.RunAsync(shell, "~/dataans-app/dataans desktop autostart on")).AssertSucceeded();
        Assert.Contains("--hidden", await File.ReadAllTextAsync(autostart), StringComparison.Ordinal);
        (await ledger.RunAsync(shell, "~/dataans-app/dataans desktop autostart off")).AssertSucceeded();
        Assert.False(File.Exists(autostart));

        (await ledger.RunAsync(shell, "~/dataans-app/dataans desktop uninstall")).AssertSucceeded();
        Assert.False(File.Exists(Path.Combine(shell.Home, ".local", "share", "applications", "dataans.desktop")));

        var bench = (await ledger.RunAsync(shell, "dotnet run --project bench/Dataans.Desktop.Benchmarks -c Release -- --runs 5", new Dictionary<string, string> { ["5"] = "1" })).AssertSucceeded();
        Assert.Contains("| process start to painted window |", bench.Stdout, StringComparison.Ordinal);

        ledger.AssertEveryCommandRan();
    }

    /// <summary>A private Xvfb on a display number it picks itself (<c>-noreset</c>: no refused client while it resets).</summary>
    private sealed class XvfbDisplay : IDisposable
    {
        private readonly Process _process;

        private XvfbDisplay(Process process, string name)
        {
            _process = process;
            Name = name;
        }

        public string Name { get; }

        public static XvfbDisplay Start()
        {
            var start = new ProcessStartInfo("Xvfb") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            return new XvfbDisplay(process, ":" + process.StandardOutput.ReadLine());
        }

        public void Dispose()
        {
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
