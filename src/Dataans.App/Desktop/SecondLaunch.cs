using Dataans.App.Cli;
using Dataans.App.Ui.Hosting;
using Dataans.Core.Storage;

namespace Dataans.App.Desktop;

/// <summary>
/// What happens when <c>dataans</c> starts on a data folder another app already has: it asks that app to
/// show its window (or tells its address) and ends, instead of opening the same store beside it.
/// </summary>
internal static class SecondLaunch
{
    public const string Show = "show";
    public const string Toggle = "toggle";
    public const string Address = "url";

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Claims the data folder named by <paramref name="explicitPath"/> (or the default one). Returns the claim, or
    /// null with <paramref name="heldBy"/> set when another app has the folder. A folder that cannot be used
    /// gives null and no holder: opening the store then reports the problem as usual.
    /// </summary>
    public static AppInstance? TryClaim(string? explicitPath, out DataDirectory? heldBy)
    {
        heldBy = null;
        DataDirectory directory;
        try
        {
            directory = DataDirectory.Resolve(explicitPath);
            var claim = AppInstance.TryClaim(directory);
            if (claim is null)
            {
                heldBy = directory;
            }

            return claim;
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>How the first app answers a second launch.</summary>
    public static Func<string, string> Answer(string url, DesktopShell? shell) => request =>
    {
        switch (request)
        {
            case Show when shell is not null:
                shell.Show();
                return $"window {url}";
            case Toggle when shell is not null:
                shell.Toggle();
                return $"window {url}";
            case Show or Toggle or Address:
                return $"url {url}";
            default:
                return "error";
        }
    };

    /// <summary>The second launch: hands over to the running app; returns the exit code.</summary>
    public static async Task<int> HandOverAsync(DataDirectory running, UiOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var wantsWindow = options.OpenBrowser && options.DesktopWindow != false && options.AppWindow != true;
        var reply = await AppInstance.AskAsync(running, wantsWindow ? Show : Address, AnswerTimeout, cancellationToken);
        if (reply is null || reply.Split(' ', 2) is not [var kind and ("window" or "url"), var url])
        {
            environment.Error.WriteLine($"Dataans is already running on the data folder {running.Root} but does not answer; only one app may use a data folder at a time.");
            return ExitCodes.Failure;
        }

        if (kind == "window")
        {
            environment.Out.WriteLine($"Dataans is already running at {url}; its window was brought to the front.");
            return ExitCodes.Ok;
        }

        environment.Out.WriteLine($"Dataans is already running at {url}  (data: {running.Root})");
        if (options.OpenBrowser && Environment.GetEnvironmentVariable(UiHost.NoBrowserVariable) != "1"
            && BrowserLauncher.Open(url, options.AppWindow ?? false) is { } message)
        {
            environment.Error.WriteLine(message);
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>dataans desktop toggle</c>: shows or hides the running app's window.</summary>
    public static async Task<int> ToggleAsync(string? explicitPath, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using (var claim = TryClaim(explicitPath, out var running))
        {
            if (claim is not null || running is null)
            {
                environment.Error.WriteLine($"Dataans is not running on the data folder {DataDirectory.Resolve(explicitPath).Root}.");
                return ExitCodes.Failure;
            }

            var reply = await AppInstance.AskAsync(running, Toggle, AnswerTimeout, cancellationToken);
            if (reply is not null && reply.StartsWith("window ", StringComparison.Ordinal))
            {
                return ExitCodes.Ok;
            }

            environment.Error.WriteLine(reply is null
                ? $"Dataans is running on the data folder {running.Root} but does not answer."
                : $"Dataans is running without its own window (at {reply.Split(' ', 2)[^1]}); there is no window to toggle.");
            return ExitCodes.Failure;
        }
    }
}
