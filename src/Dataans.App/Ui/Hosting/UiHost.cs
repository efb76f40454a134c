using Dataans.App.Cli;
using Dataans.App.Desktop;
using Dataans.App.Ui.Config;
using Dataans.App.Ui.State;
using Dataans.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// Runs the web UI for the <c>dataans</c> executable: in its own desktop window where there is one (until
/// Quit), else in the browser (until Ctrl+C).
/// </summary>
internal static class UiHost
{
    /// <summary>Set to 1 to never open a window or a browser (headless machines, tests).</summary>
    public const string NoBrowserVariable = "DATAANS_NO_BROWSER";

    /// <param name="instance">This app's claim on the data folder; a second launch is answered through it.</param>
    public static async Task RunAsync(DataansStore store, UiOptions options, CliEnvironment environment, CancellationToken cancellationToken, AppInstance? instance = null)
    {
        var status = new DesktopStatus();
        var show = options.OpenBrowser && Environment.GetEnvironmentVariable(NoBrowserVariable) != "1";

        // The desktop window starts (GTK, WebKit's processes) while the server starts; it shows once the UI is served.
        Task<(DesktopShell? Shell, string? Problem)>? opening = null;
        if (show && options.DesktopWindow != false)
        {
            var early = DesktopWindow.ReadConfig(store.Directory);
            if (options.DesktopWindow == true || !(options.AppWindow ?? early.AppWindow))
            {
                GtkThread.Errors = environment.Error;
                opening = DesktopWindow.TryOpenAsync(store.Directory.Root, early, status, options.StartHidden);
            }
        }

        DesktopShell? shell = null;
        UiServer server;
        try
        {
            server = await UiServer.StartAsync(store, options, services => services.AddSingleton(status), cancellationToken);
        }
        catch
        {
            if (opening is not null && (await opening).Shell is { } started)
            {
                started.Quit();
            }

            throw;
        }

        await using var serverScope = server;
        var configService = server.Services.GetRequiredService<ConfigService>();
        var config = configService.Current;
        if (server.TakenPort is { } taken)
        {
            environment.Error.WriteLine($"Port {taken} on 127.0.0.1 is taken (another app, or Dataans already running); using {new Uri(server.Url).Port} instead.");
        }

        environment.Out.WriteLine($"Dataans is running at {server.Url}  (data: {store.Directory.Root}; Ctrl+C stops it)");
        foreach (var warning in config.Warnings)
        {
            environment.Error.WriteLine($"Warning: {warning}");
        }

        if (opening is not null)
        {
            (shell, var problem) = await opening;
            if (problem is not null)
            {
                status.WindowProblem = problem;
                environment.Error.WriteLine($"No desktop window: {problem}; opening the browser instead.");
            }

            if (shell is not null)
            {
                var uploads = server.Services.GetRequiredService<UploadStore>();
                shell.StoreDroppedFile = async path =>
                {
                    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                    return await uploads.SaveAsync(file, Path.GetFileName(path));
                };
            }

            shell?.Apply(config.Desktop);
            shell?.Navigate(server.Url);
        }

        if (show && shell is null && BrowserLauncher.Open(server.Url, options.AppWindow ?? config.AppWindow) is { } message)
        {
            environment.Error.WriteLine(message);
        }

        instance?.Answer(SecondLaunch.Answer(server.Url, shell));
        void ApplySettings(UiConfig changed) => shell?.Apply(changed.Desktop);
        configService.Changed += ApplySettings;
        try
        {
            var shutdown = server.WaitForShutdownAsync(cancellationToken);
            if (shell is null)
            {
                await shutdown;
                return;
            }

            await Task.WhenAny(shell.Closed, shutdown);
            if (!shell.Closed.IsCompleted)
            {
                shell.Quit();
                await shell.Closed.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            // Ctrl+C: stop quietly.
        }
        finally
        {
            configService.Changed -= ApplySettings;
        }
    }
}
