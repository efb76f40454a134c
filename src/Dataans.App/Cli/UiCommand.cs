using System.CommandLine;
using Dataans.App.Desktop;
using Dataans.App.Ui.Hosting;

namespace Dataans.App.Cli;

/// <summary>
/// <c>dataans ui [--no-browser|--browser|--app] [--hidden] [--port N]</c>: the web UI on 127.0.0.1, in its own desktop window where there is one. It is also what runs when
/// <c>dataans</c> is started with no command (only these options, or nothing at all).
/// </summary>
internal static class UiCommand
{
    public const string Name = "ui";

    private static readonly HashSet<string> Flags = ["--no-browser", "--app", "--browser", "--hidden", "--json"];
    private static readonly HashSet<string> OptionsWithValue = ["--port", "--data-dir"];

    public static Command Create(CliContext context)
    {
        var noBrowser = new Option<bool>("--no-browser") { Description = "Open no window and no browser; just print the address" };
        var browser = new Option<bool>("--browser") { Description = "Open the app in the default browser instead of its own window" };
        var app = new Option<bool>("--app") { Description = "Open a Chromium/Chrome/Edge app window instead of its own window" };
        var hidden = new Option<bool>("--hidden") { Description = "Start with the window hidden in the tray (the toggle key or the tray shows it)" };
        var port = new Option<int?>("--port")
        {
            Description = $"The port on 127.0.0.1 (default: [app] port in config.toml, else 7780; 0 picks a free one)",
            HelpName = "N",
        };
        port.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && (!int.TryParse(token.Value, out var value) || value is < 0 or > 65535))
            {
                result.AddError("--port must be a whole number from 0 to 65535.");
            }
        });
        var command = new Command(Name, "Start the app: its own window on a Linux desktop, else the browser (the default when no command is given)")
        {
            noBrowser, browser, app, hidden, port,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var useApp = parseResult.GetValue(app);
            var options = new UiOptions(
                null,
                parseResult.GetValue(port),
                OpenBrowser: !parseResult.GetValue(noBrowser),
                AppWindow: useApp ? true : parseResult.GetValue(browser) ? false : null,
                DesktopWindow: useApp || parseResult.GetValue(browser) ? false : null,
                StartHidden: parseResult.GetValue(hidden));

            // One app per data folder: a second launch hands over to the first instead of opening the store.
            using var instance = SecondLaunch.TryClaim(parseResult.GetValue(context.DataDirOption), out var heldBy);
            if (heldBy is not null)
            {
                return await SecondLaunch.HandOverAsync(heldBy, options, context.Environment, cancellationToken);
            }

            return await context.RunAsync(
                parseResult,
                (session, ct) => UiHost.RunAsync(session.Store, options with { DataDir = session.Store.Directory.Root }, session.Environment, ct, instance),
                cancellationToken);
        });
        return command;
    }

    /// <summary>Puts <c>ui</c> in front of a command line that names no command (e.g. none, or only <c>--no-browser</c>).</summary>
    public static string[] WithDefaultCommand(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (OptionsWithValue.Contains(args[i]))
            {
                i++;
            }
            else if (!Flags.Contains(args[i]) && !args[i].StartsWith("--data-dir=", StringComparison.Ordinal) && !args[i].StartsWith("--port=", StringComparison.Ordinal))
            {
                return args;
            }
        }

        return [Name, .. args];
    }
}
