using System.CommandLine;
using Dataans.App.Desktop;
using Dataans.Core.Storage;

namespace Dataans.App.Cli;

/// <summary><c>dataans desktop install | uninstall | autostart on|off | toggle</c>: the app as a desktop app (Linux).</summary>
internal static class DesktopCommand
{
    public static Command Create(CliContext context)
    {
        var install = new Command("install", "Add Dataans to the desktop's launcher: a .desktop entry and an icon under your XDG folders, starting this executable");
        install.SetAction((parseResult, _) => RunAsync(context, parseResult, data =>
        {
            var path = DesktopEntries.Install(data);
            context.Environment.Out.WriteLine($"Installed {path} (starts {string.Join(' ', DesktopEntries.CurrentCommand())}).");
        }));

        var uninstall = new Command("uninstall", "Remove the launcher entry, the icon and the autostart entry");
        uninstall.SetAction((parseResult, _) => RunAsync(context, parseResult, _ =>
        {
            var removed = DesktopEntries.Uninstall();
            context.Environment.Out.WriteLine(removed.Count == 0 ? "Nothing to remove: Dataans was not installed." : $"Removed {string.Join(", ", removed)}.");
        }));

        var state = new Argument<string>("on|off") { Description = "on: start Dataans (hidden in the tray) when you log in; off: do not" };
        state.AcceptOnlyFromAmong("on", "off");
        var autostart = new Command("autostart", "Start Dataans when you log in (an XDG autostart entry), or stop doing so") { state };
        autostart.SetAction((parseResult, _) => RunAsync(context, parseResult, data =>
        {
            var enabled = parseResult.GetRequiredValue(state) == "on";
            DesktopEntries.SetAutostart(data, enabled);
            context.Environment.Out.WriteLine(enabled ? $"Dataans starts when you log in ({DesktopEntries.AutostartPath})." : "Dataans no longer starts when you log in.");
        }));

        var toggle = new Command("toggle", "Show or hide the running app's window (bind this to a key where the app cannot grab one, e.g. on Wayland)");
        toggle.SetAction((parseResult, cancellationToken) =>
            SecondLaunch.ToggleAsync(parseResult.GetValue(context.DataDirOption), context.Environment, cancellationToken));

        return new Command("desktop", "The desktop app on Linux: launcher entry, autostart, toggle the window") { install, uninstall, autostart, toggle };
    }

    private static Task<int> RunAsync(CliContext context, ParseResult parseResult, Action<DataDirectory> work)
    {
        try
        {
            var dataDir = parseResult.GetValue(context.DataDirOption);
            if (parseResult.GetResult(context.DataDirOption) is not null && string.IsNullOrWhiteSpace(dataDir))
            {
                throw new CliException("--data-dir needs a folder path.", ExitCodes.Usage);
            }

            work(DataDirectory.Resolve(dataDir));
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(CliErrors.Report(new CliException($"The desktop entry could not be written: {exception.Message}"), context.Environment.Error));
        }
        catch (Exception exception)
        {
            return Task.FromResult(CliErrors.Report(exception, context.Environment.Error));
        }
    }
}
