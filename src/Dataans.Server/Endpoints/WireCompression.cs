using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Dataans.Server.Endpoints;

/// <summary>
/// HTTP content codings on the v2 routes that carry operations (<c>/v2/ops</c>, <c>/v2/ops/ordered</c>,
/// <c>/v2/blocks</c>): responses are compressed when the request's <c>Accept-Encoding</c> asks for it,
/// request bodies may arrive with <c>Content-Encoding: br</c> or <c>gzip</c>, and every answer of
/// these routes names the request codings the server accepts in its own <c>Accept-Encoding</c> header
/// (RFC 7694). Base64 of ciphertext compresses back to about the ciphertext's size. Other routes
/// (v1, files, the verifier, events) are untouched, so a seed client sees exactly the bytes it always saw.
/// </summary>
internal static class WireCompression
{
    /// <summary>The request codings advertised in <c>Accept-Encoding</c> on the operation routes.</summary>
    public const string AcceptedRequestEncodings = "br, gzip";

    public static IServiceCollection AddWireCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // Safe over TLS (BREACH needs a secret reflected beside attacker-chosen text; these bodies
            // hold only ciphertext and server-assigned numbers). Behind a TLS proxy the server sees HTTP anyway.
            options.EnableForHttps = true;
            options.MimeTypes = ["application/json"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.AddRequestDecompression();
        return services;
    }

    public static IApplicationBuilder UseWireCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => IsOperationRoute(context.Request.Path), branch =>
        {
            branch.Use((context, next) =>
            {
                context.Response.Headers[HeaderNames.AcceptEncoding] = AcceptedRequestEncodings;
                return next(context);
            });
            // Decompressed bodies stay within the route's body limit (the middleware answers 413 beyond it).
            branch.UseRequestDecompression();
            branch.UseResponseCompression();
        });

    private static bool IsOperationRoute(PathString path) =>
        path.StartsWithSegments("/v2/ops", StringComparison.Ordinal) || path.StartsWithSegments("/v2/blocks", StringComparison.Ordinal);
}
