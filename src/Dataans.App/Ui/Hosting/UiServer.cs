using System.Net;
using Dataans.App.Desktop;
using Dataans.App.Ui.Config;
using Dataans.App.Ui.Markdown;
using Dataans.App.Ui.State;
using Dataans.App.Ui.Sync;
using Dataans.Core;
using Dataans.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// The web UI: Kestrel on 127.0.0.1 only, Blazor Server components, the file and upload endpoints and
/// the local-request guard, over an open <see cref="DataansStore"/>. Start it with
/// <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
internal sealed class UiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConfigService _config;

    private UiServer(WebApplication app, ConfigService config, string url, int? takenPort)
    {
        _app = app;
        _config = config;
        Url = url;
        TakenPort = takenPort;
    }

    /// <summary>The address to open, e.g. <c>http://127.0.0.1:7780/</c>.</summary>
    public string Url { get; }

    /// <summary>The configured port when it was taken and a free one is used instead; otherwise null.</summary>
    public int? TakenPort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts listening on the configured port of 127.0.0.1, or on a free one when that port is taken.
    /// </summary>
    /// <param name="configureServices">Lets tests replace services (e.g. the sync status).</param>
    public static async Task<UiServer> StartAsync(
        DataansStore store,
        UiOptions options,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        var config = new ConfigService(store.Directory);
        var port = options.Port ?? config.Current.Port;
        var app = Build(store, config, port, configureServices);
        int? takenPort = null;
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException) when (port != 0)
        {
            // The caller says so in one line; the host's own log of the failure is off (see Build).
            takenPort = port;
            await app.DisposeAsync();
            app = Build(store, config, 0, configureServices);
            await app.StartAsync(cancellationToken);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = app.Services.GetRequiredService<LocalEndpoint>();
        endpoint.SetPort(new Uri(address).Port);
        Log.Listening(app.Services.GetRequiredService<ILogger<UiServer>>(), endpoint.Port);
        return new UiServer(app, config, endpoint.Url, takenPort);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _config.Dispose();
    }

    private static WebApplication Build(DataansStore store, ConfigService config, int port, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(UiServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // A build output (dotnet run, bin/) serves wwwroot and the framework's scripts through the
        // static web assets manifest; a publish output has them in wwwroot and no manifest.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json")))
        {
            builder.WebHost.UseStaticWebAssets();
        }

        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A port that is taken is not an error here: StartAsync falls back to a free one.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var services = builder.Services;
        services.AddDataansCore(store);
        services.AddSingleton(config);
        services.AddSingleton<LocalEndpoint>();
        services.AddSingleton<NoteRenderer>();
        services.AddSingleton<UploadStore>();
        services.TryAddSingleton(new AttachmentLauncher(store));
        services.AddHostedService<StoreWatcherService>();
        services.AddHostedService<SearchIndexTidier>();
        services.TryAddSingleton<ImportService>();
        services.TryAddSingleton<SyncController>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncController>());
        services.TryAddSingleton<DesktopStatus>();
        services.AddScoped<ToastService>();
        services.AddScoped<WorkspaceState>();
        services.AddScoped<BrowserBridge>();
        services.AddScoped<TimeDisplay>();
        configureServices?.Invoke(services);
        services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit => circuit.DetailedErrors = false)
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 8 * 1024 * 1024);
        UseKeysOfThisProcessOnly(services);

        var app = builder.Build();
        app.UseMiddleware<LocalRequestGuard>();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapDataansEndpoints();
        // The guard sends the whole Content-Security-Policy (frame-ancestors 'none' included).
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>
    /// Data protection guards only what lives as long as this process (circuit ids, antiforgery tokens of the
    /// pages it served), so its keys stay in memory: nothing is written to ~/.aspnet, no key lies unencrypted
    /// on disk and nothing is warned about. ASP.NET's start-up service would still build (and write) the
    /// default key ring, so it goes too; HomeFolderTests sees it if a new ASP.NET brings it back another way.
    /// </summary>
    private static void UseKeysOfThisProcessOnly(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()));
        var keyRingWarmUp = services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
            && descriptor.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in keyRingWarmUp)
        {
            services.Remove(descriptor);
        }
    }
}
