using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataans.Desktop.Benchmarks;

/// <summary>A home and data folder of the benchmark's own, and the two ways of starting the app in it.</summary>
/// <param name="displayState">Says whether the X server is still there, for the message of a failed run.</param>
internal sealed partial class BenchHome(string display, Func<string> displayState) : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private const string RunningAt = "Dataans is running at ";

    private readonly string _root = Directory.CreateTempSubdirectory("dataans-desktop-bench-").FullName;

    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public async Task SeedAsync()
    {
        Directory.CreateDirectory(Path.Combine(DataDir, "configs"));
        await File.WriteAllTextAsync(Path.Combine(DataDir, "configs", "config.toml"), "[app]\nport = 0\n");
        using var space = Start("space", "add", "Work");
        var id = (await space.StandardOutput.ReadToEndAsync()).Trim();
        await space.WaitForExitAsync();
        for (var i = 1; i <= 20; i++)
        {
            using var note = Start("note", "add", "--space", id, $"Note {i}: some **Markdown** with a [link](https://example.com) and `code`.");
            await note.WaitForExitAsync();
        }
    }

    public async Task<Sample> MeasureDesktopAsync()
    {
        var clock = Stopwatch.StartNew();
        using var app = Start();
        var serverReady = ServerReadyAsync(clock, app);
        try
        {
            var painted = await WaitForPaintAsync(clock, app);
            await Task.Delay(TimeSpan.FromSeconds(3)); // let the web process settle
            return Measure(painted, [app.Id]) with { ServerReady = await serverReady };
        }
        finally
        {
            await StopAsync(app);
        }
    }

    public async Task<Sample> MeasureBrowserAsync()
    {
        var clock = Stopwatch.StartNew();
        using var app = Start("--no-browser");
        Process? browser = null;
        try
        {
            string? line;
            while ((line = await app.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith(RunningAt, StringComparison.Ordinal))
            {
            }

            var serverReady = clock.Elapsed;
            var url = line![RunningAt.Length..].Split(' ')[0];
            var start = new ProcessStartInfo(Chromium) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { $"--app={url}", "--no-sandbox", "--no-first-run", "--disable-sync", "--disable-background-networking", "--window-size=1280,700", $"--user-data-dir={Path.Combine(_root, "chromium-" + Guid.NewGuid().ToString("N"))}" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DISPLAY"] = display;
            start.Environment["HOME"] = Path.Combine(_root, "home");
            browser = Process.Start(start)!;
            var said = new Queue<string>();
            browser.ErrorDataReceived += (_, e) => Remember(said, e.Data);
            browser.OutputDataReceived += (_, e) => Remember(said, e.Data);
            browser.BeginErrorReadLine();
            browser.BeginOutputReadLine();
            var chromium = browser;
            var painted = await WaitForPaintAsync(clock, app, () =>
                (chromium.HasExited ? $"Chromium exited with {chromium.ExitCode}" : "Chromium is running") + "; its last lines:\n" + string.Join('\n', Said(said)));
            await Task.Delay(TimeSpan.FromSeconds(3));
            return Measure(painted, [app.Id, browser.Id]) with { ServerReady = serverReady };
        }
        finally
        {
            if (browser is not null)
            {
                browser.Kill(entireProcessTree: true);
                await browser.WaitForExitAsync();
                browser.Dispose();
            }

            await StopAsync(app);
        }
    }

    /// <summary>When the app printed its address: its server is up (the desktop window is started beside it).</summary>
    private static async Task<TimeSpan> ServerReadyAsync(Stopwatch clock, Process app)
    {
        string? line;
        while ((line = await app.StandardOutput.ReadLineAsync()) is not null)
        {
            if (line.StartsWith(RunningAt, StringComparison.Ordinal))
            {
                return clock.Elapsed;
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>Waits until a window titled Dataans shows the UI: the spaces panel's colour over a large area.</summary>
    private async Task<TimeSpan> WaitForPaintAsync(Stopwatch clock, Process app, Func<string>? browserSaid = null)
    {
        var shot = Path.Combine(_root, "shot.png");
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException("dataans exited before painting its window");
            }

            var found = (await RunAsync("xdotool", "search", "--onlyvisible", "--name", "^Dataans$")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var window in found)
            {
                var at = clock.Elapsed;
                await RunAsync("import", "-window", window, shot);
                if (File.Exists(shot) && PanelPixels(await RunAsync("convert", shot, "-format", "%c", "histogram:info:-")) > 10_000)
                {
                    return at;
                }
            }

            await Task.Delay(20);
        }

        var windows = await RunAsync("xdotool", "search", "--onlyvisible", "--name", ".", "getwindowname", "%@");
        throw new TimeoutException($"no painted Dataans window within 3 minutes; visible windows: [{windows.Trim().Replace('\n', '|')}]"
            + (File.Exists(shot) ? $"; the last screenshot's panel pixels: {PanelPixels(await RunAsync("convert", shot, "-format", "%c", "histogram:info:-"))}" : string.Empty)
            + "; " + displayState()
            + (browserSaid is null ? string.Empty : "; " + browserSaid()));
    }

    /// <summary>Keeps the last 20 lines a process printed, for the message of a failed run.</summary>
    private static void Remember(Queue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > 20)
            {
                lines.Dequeue();
            }
        }
    }

    private static string[] Said(Queue<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static int PanelPixels(string histogram)
    {
        var match = PanelColour().Match(histogram);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Sums the memory of the given processes and all their descendants (WebKit's or Chromium's helpers).</summary>
    private static Sample Measure(TimeSpan painted, int[] roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                }
            }
        }

        var tree = new HashSet<int>(roots);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        double rss = 0, pss = 0;
        foreach (var pid in tree)
        {
            try
            {
                rss += Kilobytes(File.ReadAllText($"/proc/{pid}/status"), "VmRSS");
                pss += Kilobytes(File.ReadAllText($"/proc/{pid}/smaps_rollup"), "Pss");
            }
            catch (IOException)
            {
            }
        }

        return new Sample(painted, TimeSpan.Zero, tree.Count, rss / 1024, pss / 1024);
    }

    private static double Kilobytes(string text, string field)
    {
        var match = Regex.Match(text, $@"^{field}:\s+(\d+) kB", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private Process Start(params string[] args)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "dataans");
        var start = new ProcessStartInfo(File.Exists(apphost) ? apphost : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!File.Exists(apphost))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataans.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DISPLAY"] = display;
        start.Environment["DATAANS_DATA_DIR"] = DataDir;
        start.Environment["HOME"] = Path.Combine(_root, "home");
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(_root, "home", ".cache");
        start.Environment["DBUS_SESSION_BUS_ADDRESS"] = $"unix:path={Path.Combine(_root, "no-bus")}";
        start.Environment.Remove("WAYLAND_DISPLAY");
        start.Environment.Remove("DATAANS_NO_BROWSER");
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process app)
    {
        if (!app.HasExited)
        {
            Process.Start("kill", ["-TERM", app.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            if (!app.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                app.Kill(entireProcessTree: true);
            }
        }

        await app.WaitForExitAsync();
    }

    private async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DISPLAY"] = display;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex(@"^\s*(\d+):.*#181A1F", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex PanelColour();
}
