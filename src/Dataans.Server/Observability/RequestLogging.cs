using System.Diagnostics;
using Dataans.Server.Auth;
using Microsoft.AspNetCore.Routing;

namespace Dataans.Server.Observability;

/// <summary>
/// One Information line per request once it has been answered: method, route template (never the
/// path with its ids or query), user, status and duration. Bodies, headers and tokens are never
/// logged. Health probes go to Debug, so a load balancer polling them does not bury the rest.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger, TimeProvider timeProvider)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template
                ? "/" + template.TrimStart('/')
                : "(no route)";
            var user = context.User.FindFirst(SyncUser.ClaimType)?.Value ?? "-";
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            if (route.StartsWith("/health", StringComparison.Ordinal) && route != "/health/auth")
            {
                Log.HealthProbe(logger, context.Request.Method, route, status, elapsed);
            }
            else
            {
                Log.Request(logger, context.Request.Method, route, user, status, elapsed);
            }
        }
    }
}
