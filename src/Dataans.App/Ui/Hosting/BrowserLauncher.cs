using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dataans.App.Ui.Hosting;

/// <summary>Opens the UI in the default browser, or in a Chromium/Chrome/Edge app window.</summary>
internal static class BrowserLauncher
{
    private static readonly string[] AppBrowsers =
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "brave-browser", "chrome", "msedge"];

    /// <summary>Returns null when a browser was started, otherwise a sentence saying what to do.</summary>
    public static string? Open(string url, bool appWindow)
    {
        try
        {
            if (appWindow)
            {
                if (FindAppBrowser() is { } browser)
                {
                    Start(browser, $"--app={url}", "--new-window");
                    return null;
                }

                if (!OpenDefault(url))
                {
                    return $"No Chromium, Chrome or Edge was found for an app window; open {url} in a browser.";
                }

                return "No Chromium, Chrome or Edge was found for an app window; opened a browser tab instead.";
            }

            return OpenDefault(url) ? null : $"Open {url} in a browser.";
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return $"The browser could not be started; open {url} in a browser.";
        }
    }

    private static bool OpenDefault(string url)
    {
        if (OperatingSystem.IsWindows())
        {
            Process.Start(new ProcessStartInfo(url) { UseShellExecute = true })?.Dispose();
            return true;
        }

        var opener = OperatingSystem.IsMacOS() ? "open" : FindOnPath("xdg-open");
        if (opener is null)
        {
            return false;
        }

        Start(opener, url);
        return true;
    }

    private static string? FindAppBrowser() => AppBrowsers.Select(FindOnPath).FirstOrDefault(path => path is not null);

    private static string? FindOnPath(string name)
    {
        var extensions = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new[] { ".exe", string.Empty } : [string.Empty];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Start(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The browser outlives this process's interest in it; its output is not ours to show.
        var process = Process.Start(start);
        if (process is not null)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
    }
}
