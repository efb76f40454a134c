using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Endpoints;
using Dataans.Server.Events;
using Dataans.Server.Observability;
using Dataans.Server.RateLimiting;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataans.Server;

/// <summary>Composition of the sync server: services in <see cref="AddSyncServer"/>, routes in <see cref="MapSyncEndpoints"/>.</summary>
internal static class SyncServerSetup
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplicationBuilder AddSyncServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration["urls"] is { Length: > 0 } given)
        {
            ListenUrls.Check(given);
        }

        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddSyncLogging();

        var services = builder.Services;
        services.AddSyncStorage();
        builder.AddSyncMetrics(configuration["urls"] is { Length: > 0 } urls ? urls : DefaultUrl);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>());
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimits>();
        services.AddSingleton<IConfigureOptions<HostOptions>, ShutdownTimeout>();

        services.TryAddSingleton<SyncEventHub>();
        services.AddSingleton<StoreWriteGate>();
        services.AddUserRateLimiting();
        services.TryAddSingleton<StorageFull>();
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<PostgresChangeListener>();
        services.AddSyncAuthentication();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", CodeFor(context.ProblemDetails.Status)));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<OpenApiSecurity>();
            options.AddOperationTransformer<OpenApiSecurity>();
        });
        services.AddWireCompression();
        return builder;
    }

    public static WebApplication MapSyncEndpoints(this WebApplication app)
    {
        app.MapSyncMetrics();
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SignInThrottling>();
        app.UseWireCompression();
        app.UseAuthentication();
        app.UseUserRateLimiting();
        app.UseRequestBodyLimits();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapV1();
        app.MapV2Info();
        app.MapSignIn();
        var v2 = app.MapGroup("/v2").RequireAuthorization().WithTags("v2");
        v2.MapV2Operations();
        v2.MapV2Verifier();
        v2.MapV2Inbox();
        v2.MapV2Files();
        v2.MapEvents();
        app.MapCapture();
        app.MapCapturePage();
        return app;
    }

    private static string CodeFor(int? status) => status switch
    {
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => ProblemCodes.Unauthorized,
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => ProblemCodes.NotFound,
        StatusCodes.Status413PayloadTooLarge => ProblemCodes.TooLarge,
        StatusCodes.Status507InsufficientStorage => ProblemCodes.StorageFull,
        StatusCodes.Status429TooManyRequests => ProblemCodes.RateLimited,
        >= 500 => "internal",
        _ => ProblemCodes.InvalidRequest,
    };

    private sealed class KestrelLimits(IOptions<LimitsOptions> limits) : IConfigureOptions<KestrelServerOptions>
    {
        // JSON routes get this limit; file routes raise it per request to Limits:MaxFileBytes.
        public void Configure(KestrelServerOptions options) => options.Limits.MaxRequestBodySize = limits.Value.MaxJsonBodyBytes;
    }

    private sealed class ShutdownTimeout(IOptions<LimitsOptions> limits) : IConfigureOptions<HostOptions>
    {
        public void Configure(HostOptions options) => options.ShutdownTimeout = TimeSpan.FromSeconds(limits.Value.ShutdownTimeoutSeconds);
    }
}
