using Dataans.App.Cli;
using Dataans.App.Ui.Config;
using Dataans.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.App.Ui.Hosting;

/// <summary>Runs the web UI for the <c>dataans</c> executable until Ctrl+C.</summary>
internal static class UiHost
{
    /// <summary>Set to 1 to never open a browser (headless machines, tests).</summary>
    public const string NoBrowserVariable = "DATAANS_NO_BROWSER";

    public static async Task RunAsync(DataansStore store, UiOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        await using var server = await UiServer.StartAsync(store, options, cancellationToken: cancellationToken);
        var config = server.Services.GetRequiredService<ConfigService>().Current;
        if (server.TakenPort is { } taken)
        {
            environment.Error.WriteLine($"Port {taken} on 127.0.0.1 is taken (another app, or Dataans already running); using {new Uri(server.Url).Port} instead.");
        }

        environment.Out.WriteLine($"Dataans is running at {server.Url}  (data: {store.Directory.Root}; Ctrl+C stops it)");
        foreach (var warning in config.Warnings)
        {
            environment.Error.WriteLine($"Warning: {warning}");
        }

        if (options.OpenBrowser && Environment.GetEnvironmentVariable(NoBrowserVariable) != "1"
            && BrowserLauncher.Open(server.Url, options.AppWindow ?? config.AppWindow) is { } message)
        {
            environment.Error.WriteLine(message);
        }

        try
        {
            await server.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop quietly.
        }
    }
}
