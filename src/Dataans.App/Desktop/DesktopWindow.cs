using Dataans.App.Desktop.Native;
using Dataans.App.Ui.Config;

namespace Dataans.App.Desktop;

/// <summary>
/// Whether this machine can show the desktop window, and opening it over a running UI server: null and one
/// sentence when it cannot, so the caller falls back to the browser.
/// </summary>
internal static class DesktopWindow
{
    /// <summary>
    /// Reads config.toml and the theme as they are now, without writing or watching anything: the window
    /// starts before the UI server (which owns the config service) is up.
    /// </summary>
    public static UiConfig ReadConfig(Dataans.Core.Storage.DataDirectory directory)
    {
        string? Read(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        var folder = directory.ConfigsPath;
        return ConfigReader.Read(Read(Path.Combine(folder, DefaultConfigFiles.ConfigFile)), theme => Read(Path.Combine(folder, theme)), []);
    }

    /// <summary>Null when a window can be tried; otherwise why not, as a phrase ("no display: …").</summary>
    public static string? Problem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the desktop window is made for Linux (use --app for a browser app window)";
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
        {
            return "no display (DISPLAY and WAYLAND_DISPLAY are unset)";
        }

        return NativeLibraries.MissingForWindow();
    }

    /// <summary>
    /// Starts the window (see <see cref="DesktopShell.StartAsync"/>; <see cref="DesktopShell.Navigate"/> shows it);
    /// returns null and the reason when it cannot.
    /// </summary>
    public static async Task<(DesktopShell? Shell, string? Problem)> TryOpenAsync(string dataFolder, UiConfig config, DesktopStatus status, bool startHidden)
    {
        if (Problem() is { } problem)
        {
            return (null, problem);
        }

        var background = config.Theme.TryGetValue("notes-background-color", out var color) ? color.Trim() : "#1e2127";
        var options = new DesktopShellOptions(dataFolder, config.Desktop, status) { StartHidden = startHidden, BackgroundColor = background };
        try
        {
            return (await DesktopShell.StartAsync(options), null);
        }
        catch (DesktopUnavailableException exception)
        {
            return (null, exception.Message);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, $"a desktop library could not be used ({exception.Message})");
        }
    }
}
