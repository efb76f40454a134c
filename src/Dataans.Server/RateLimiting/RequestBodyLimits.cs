using Dataans.Server.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Dataans.Server.RateLimiting;

/// <summary>How large a route's request body may be: what the route needs, not the largest any route needs.</summary>
internal enum RequestBodyLimit
{
    /// <summary>Every route not marked otherwise (a verifier, a query): <c>Limits:MaxSmallBodyBytes</c>.</summary>
    Small,

    /// <summary>An operation push (v1 and v2): <c>Limits:MaxJsonBodyBytes</c>.</summary>
    Operations,

    /// <summary>A file upload: <c>Limits:MaxFileBytes</c>.</summary>
    File,
}

/// <summary>Endpoint metadata naming the route's <see cref="RequestBodyLimit"/>.</summary>
internal sealed record RequestBodyLimitMetadata(RequestBodyLimit Limit);

/// <summary>Sets each request's body limit from its endpoint's <see cref="RequestBodyLimit"/> before anything reads the body.</summary>
internal static class RequestBodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, RequestBodyLimit limit)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBodyLimitMetadata(limit));

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
                feature.MaxRequestBodySize = Bytes(context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimitMetadata>()?.Limit, limits);
            }

            await next(context);
        });

    /// <summary>The body limit in force for this request (after <see cref="UseRequestBodyLimits"/>).</summary>
    public static long Current(HttpContext context, LimitsOptions limits) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? limits.MaxJsonBodyBytes;

    private static long Bytes(RequestBodyLimit? limit, LimitsOptions limits) => limit switch
    {
        RequestBodyLimit.Operations => limits.MaxJsonBodyBytes,
        RequestBodyLimit.File => limits.MaxFileBytes,
        _ => limits.MaxSmallBodyBytes,
    };
}
