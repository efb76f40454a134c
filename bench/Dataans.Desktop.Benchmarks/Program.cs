using System.Diagnostics;
using System.Globalization;
using Dataans.Desktop.Benchmarks;

// Start-up time to a painted window and the memory of the whole app with its window open: the desktop
// window (GTK + WebKitGTK) beside today's browser path (the app's server plus a Chromium app window).
// Runs under a private Xvfb; prints a table.
//   dotnet run --project bench/Dataans.Desktop.Benchmarks -c Release [-- --runs 5] [--desktop-only]
var runs = args.SkipWhile(arg => arg != "--runs").Skip(1).Select(count => int.Parse(count, CultureInfo.InvariantCulture)).FirstOrDefault(5);
var desktopOnly = args.Contains("--desktop-only");
await using var display = await Xvfb.StartAsync();
using var home = new BenchHome(display.Display, () => display.State);
await home.SeedAsync();
Console.WriteLine($"display {display.Display} ({Xvfb.Width}x{Xvfb.Height}), {runs} runs each, data: 1 space, 20 notes; load average at start {LoadAverage()}");

var desktop = new List<Sample>();
for (var i = 0; i < runs; i++)
{
    desktop.Add(await home.MeasureDesktopAsync());
    Console.WriteLine($"  desktop run {i + 1}: server up after {desktop[^1].ServerReady.TotalMilliseconds:0} ms, painted after {desktop[^1].Painted.TotalMilliseconds:0} ms, {desktop[^1].Processes} processes, RSS {desktop[^1].RssMiB:0} MiB, PSS {desktop[^1].PssMiB:0} MiB");
}

var browser = new List<Sample>();
if (!desktopOnly && File.Exists(BenchHome.Chromium))
{
    for (var i = 0; i < runs; i++)
    {
        browser.Add(await home.MeasureBrowserAsync());
        Console.WriteLine($"  browser run {i + 1}: server up after {browser[^1].ServerReady.TotalMilliseconds:0} ms, painted after {browser[^1].Painted.TotalMilliseconds:0} ms, {browser[^1].Processes} processes, RSS {browser[^1].RssMiB:0} MiB, PSS {browser[^1].PssMiB:0} MiB");
    }
}

Console.WriteLine();
Console.WriteLine("| measurement (median of " + runs + ") | desktop window | browser (app server + Chromium app window) |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| process start to the server's address | {Median(desktop, s => s.ServerReady.TotalSeconds):0.00} s | {Median(browser, s => s.ServerReady.TotalSeconds):0.00} s |");
Console.WriteLine($"| process start to painted window | {Median(desktop, s => s.Painted.TotalSeconds):0.00} s | {Median(browser, s => s.Painted.TotalSeconds):0.00} s |");
Console.WriteLine($"| processes | {Median(desktop, s => s.Processes):0} | {Median(browser, s => s.Processes):0} |");
Console.WriteLine($"| memory, PSS summed over the processes | {Median(desktop, s => s.PssMiB):0} MiB | {Median(browser, s => s.PssMiB):0} MiB |");
Console.WriteLine($"| memory, RSS summed over the processes | {Median(desktop, s => s.RssMiB):0} MiB | {Median(browser, s => s.RssMiB):0} MiB |");
Console.WriteLine($"load average at the end {LoadAverage()}");

static double Median(List<Sample> samples, Func<Sample, double> value)
{
    if (samples.Count == 0)
    {
        return double.NaN;
    }

    var sorted = samples.Select(value).Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

namespace Dataans.Desktop.Benchmarks
{
    /// <summary>One start: the times from process start to the server's address and to a painted window, and the memory once it settled.</summary>
    internal sealed record Sample(TimeSpan Painted, TimeSpan ServerReady, int Processes, double RssMiB, double PssMiB);
}
