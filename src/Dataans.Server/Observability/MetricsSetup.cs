using Dataans.Server.Configuration;
using Dataans.Server.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Dataans.Server.Observability;

/// <summary>
/// OpenTelemetry metrics in Prometheus text format on <c>/metrics</c>, served only on the
/// <c>Metrics:Urls</c> listener (off by default): requests (ASP.NET Core's own instruments), operations
/// ingested and delivered, open event streams, storage latency, 429 and 507 refusals.
/// </summary>
internal static class MetricsSetup
{
    public static WebApplicationBuilder AddSyncMetrics(this WebApplicationBuilder builder, string serverUrls)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>());
        services.TryAddSingleton<SyncMetrics>();
        Decorate<IOperationStore>(services, (inner, sp) => new MeasuredOperationStore(inner, sp.GetRequiredService<SyncMetrics>()));
        Decorate<IFileStore>(services, (inner, sp) => new MeasuredFileStore(inner, sp.GetRequiredService<SyncMetrics>()));

        var metricsUrls = builder.Configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Urls)}"];
        if (string.IsNullOrWhiteSpace(metricsUrls))
        {
            return builder;
        }

        builder.WebHost.UseUrls($"{serverUrls};{metricsUrls}");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("dataans-server", serviceVersion: Endpoints.V2AccountEndpoints.Version))
            .WithMetrics(metrics => metrics
            .AddMeter(SyncMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> on the metrics listener and keeps everything else off it.</summary>
    public static WebApplication MapSyncMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var ports = options.Ports;
        app.Use(async (context, next) =>
        {
            if (ports.Contains(context.Connection.LocalPort) && context.Request.Path != "/metrics")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost([.. ports.Select(port => $"*:{port}")]).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, IServiceProvider, T> decorate)
        where T : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} must be registered before it is measured.");
        services.Replace(ServiceDescriptor.Singleton(sp => decorate(registered switch
        {
            { ImplementationInstance: T instance } => instance,
            { ImplementationFactory: { } factory } => (T)factory(sp),
            _ => (T)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }, sp)));
    }
}
