using System.Globalization;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Observability;
using Microsoft.AspNetCore.Authorization;

namespace Dataans.Server.Endpoints;

/// <summary>Refuses, before authentication, every request for a protected route from an address that failed to sign in too often (see <see cref="SignInThrottle"/>).</summary>
internal sealed class SignInThrottling(RequestDelegate next, SignInThrottle throttle, SyncMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Anonymous routes (health, /v2/info, /metrics) take no credential, so there is nothing to guess there.
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || throttle.RetryAfter(AuthSetup.ClientAddress(context)) is not { } wait)
        {
            await next(context);
            return;
        }

        metrics.RateLimited();
        context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await Problems.Create(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Too many failed sign-ins.",
            "This address failed to sign in too often; try again after the time in Retry-After.").ExecuteAsync(context);
    }
}
