using System.CommandLine;
using Dataans.App.Ui.Hosting;

namespace Dataans.App.Cli;

/// <summary>
/// <c>dataans ui [--no-browser] [--app] [--port N]</c>: the web UI on 127.0.0.1. It is also what runs when
/// <c>dataans</c> is started with no command (only these options, or nothing at all).
/// </summary>
internal static class UiCommand
{
    public const string Name = "ui";

    private static readonly HashSet<string> Flags = ["--no-browser", "--app", "--json"];
    private static readonly HashSet<string> OptionsWithValue = ["--port", "--data-dir"];

    public static Command Create(CliContext context)
    {
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open a browser; just print the address" };
        var app = new Option<bool>("--app") { Description = "Open a Chromium/Chrome/Edge app window instead of a browser tab" };
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
        var command = new Command(Name, "Start the app in the browser (the default when no command is given)") { noBrowser, app, port };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            (session, ct) => UiHost.RunAsync(
                session.Store,
                new UiOptions(
                    session.Store.Directory.Root,
                    parseResult.GetValue(port),
                    OpenBrowser: !parseResult.GetValue(noBrowser),
                    AppWindow: parseResult.GetValue(app) ? true : null),
                session.Environment,
                ct),
            cancellationToken));
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
