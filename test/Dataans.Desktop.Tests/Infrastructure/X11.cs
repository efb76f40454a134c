using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>A window's place on the screen, as X reports it.</summary>
internal sealed record WindowGeometry(int X, int Y, int Width, int Height);

/// <summary>
/// Looks at and acts on an X display the way a user or a window manager would: xdotool (keys, moves),
/// xwininfo and xprop (what is shown and how), ImageMagick's import (screenshots), and a WM_DELETE_WINDOW
/// request (the close button).
/// </summary>
internal sealed partial class X11(string display)
{
    public const string WindowTitle = "Dataans";

    private Dictionary<string, string?> Environment => new() { ["DISPLAY"] = display };

    /// <summary>The app's main window when it is shown (the largest visible window titled Dataans), else null.</summary>
    public async Task<long?> VisibleWindowAsync()
    {
        var (_, stdout, _) = await Tool.RunAsync("xdotool", Environment, "search", "--onlyvisible", "--name", $"^{WindowTitle}$");
        long? best = null;
        var bestArea = 0;
        foreach (var id in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse))
        {
            if (await GeometryAsync(id) is { } geometry && geometry.Width * geometry.Height > bestArea)
            {
                (best, bestArea) = (id, geometry.Width * geometry.Height);
            }
        }

        return bestArea > 100 * 100 ? best : null;
    }

    public async Task<long> WaitForWindowAsync(DataansApp app)
    {
        long? window = null;
        await Eventually.WaitAsync(
            async () => app.Process.HasExited
                ? throw new InvalidOperationException("dataans exited: " + app.Output)
                : (window = await VisibleWindowAsync()) is not null,
            "the Dataans window to be shown");
        return window!.Value;
    }

    public async Task WaitForHiddenAsync() =>
        await Eventually.WaitAsync(async () => await VisibleWindowAsync() is null, "the Dataans window to be hidden");

    public async Task<WindowGeometry?> GeometryAsync(long window)
    {
        var (exitCode, stdout, _) = await Tool.RunAsync("xwininfo", Environment, "-id", window.ToString(CultureInfo.InvariantCulture));
        if (exitCode != 0)
        {
            return null;
        }

        int Field(string name) => int.Parse(Regex.Match(stdout, $@"{name}:\s+(-?\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return new WindowGeometry(Field("Absolute upper-left X"), Field("Absolute upper-left Y"), Field("Width"), Field("Height"));
    }

    /// <summary>The window's properties as xprop prints them.</summary>
    public async Task<string> PropertiesAsync(long window) =>
        (await Tool.RunAsync("xprop", Environment, "-id", window.ToString(CultureInfo.InvariantCulture))).Stdout;

    public Task KeyAsync(string keys) => Xdotool("key", "--clearmodifiers", keys);

    /// <summary>Clicks at a point given relative to the window's top-left corner.</summary>
    public async Task ClickAsync(long window, int x, int y)
    {
        var origin = await GeometryAsync(window) ?? throw new InvalidOperationException("the window is gone");
        await Xdotool("mousemove", (origin.X + x).ToString(CultureInfo.InvariantCulture), (origin.Y + y).ToString(CultureInfo.InvariantCulture));
        await Xdotool("click", "1");
    }

    /// <summary>
    /// Drags with the left button from a point of one window to a point of another, moving in steps as a hand
    /// does (drag and drop reacts to motion: the pauses pace the motion, they wait for nothing).
    /// </summary>
    public async Task DragAsync(long from, int fromX, int fromY, long to, int toX, int toY)
    {
        var start = await GeometryAsync(from) ?? throw new InvalidOperationException("the drag source is gone");
        var end = await GeometryAsync(to) ?? throw new InvalidOperationException("the drop target is gone");
        var (x0, y0, x1, y1) = (start.X + fromX, start.Y + fromY, end.X + toX, end.Y + toY);
        await Xdotool("mousemove", x0.ToString(CultureInfo.InvariantCulture), y0.ToString(CultureInfo.InvariantCulture));
        await Xdotool("mousedown", "1");
        const int Steps = 8;
        for (var step = 1; step <= Steps; step++)
        {
            var x = x0 + ((x1 - x0) * step / Steps);
            var y = y0 + ((y1 - y0) * step / Steps);
            await Xdotool("mousemove", x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(150);
        }

        await Xdotool("mousemove", (x1 + 1).ToString(CultureInfo.InvariantCulture), y1.ToString(CultureInfo.InvariantCulture));
        await Task.Delay(300);
        await Xdotool("mouseup", "1");
    }

    public Task FocusAsync(long window) => Xdotool("windowfocus", window.ToString(CultureInfo.InvariantCulture));

    /// <summary>The visible windows with exactly this title.</summary>
    public async Task<long?> WindowNamedAsync(string title)
    {
        var (_, stdout, _) = await Tool.RunAsync("xdotool", Environment, "search", "--onlyvisible", "--name", $"^{title}$");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Cast<long?>().FirstOrDefault();
    }

    public Task TypeAsync(string text) => Xdotool("type", "--delay", "40", text);

    public Task MoveAsync(long window, int x, int y) => Xdotool("windowmove", window.ToString(CultureInfo.InvariantCulture), x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture));

    public Task ResizeAsync(long window, int width, int height) => Xdotool("windowsize", window.ToString(CultureInfo.InvariantCulture), width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture));

    public async Task<long> FocusedWindowAsync() => long.Parse((await Tool.RunAsync("xdotool", Environment, "getwindowfocus")).Stdout.Trim(), CultureInfo.InvariantCulture);

    public async Task ScreenshotAsync(long window, string path)
    {
        var (exitCode, _, stderr) = await Tool.RunAsync("import", Environment, "-window", window.ToString(CultureInfo.InvariantCulture), path);
        Assert.True(exitCode == 0, "import failed: " + stderr);
    }

    /// <summary>The colours of a screenshot with their pixel counts (ImageMagick's histogram), as "#RRGGBB".</summary>
    public static async Task<IReadOnlyDictionary<string, int>> ColoursAsync(string path)
    {
        var (_, stdout, _) = await Tool.RunAsync("convert", new Dictionary<string, string?>(), path, "-format", "%c", "histogram:info:-");
        var colours = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in HistogramLine().Matches(stdout))
        {
            colours[match.Groups["hex"].Value] = int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
        }

        return colours;
    }

    /// <summary>Asks the window to close, as a window manager's close button does (WM_DELETE_WINDOW).</summary>
    public void RequestClose(long window) => WindowManagerMessages.SendDeleteWindow(display, (nuint)window);

    private async Task Xdotool(params string[] args)
    {
        var (exitCode, _, stderr) = await Tool.RunAsync("xdotool", Environment, args);
        Assert.True(exitCode == 0, $"xdotool {string.Join(' ', args)}: {stderr}");
    }

    [GeneratedRegex(@"^\s*(?<count>\d+):.*?(?<hex>#[0-9A-Fa-f]{6})\b", RegexOptions.Multiline)]
    private static partial Regex HistogramLine();
}
