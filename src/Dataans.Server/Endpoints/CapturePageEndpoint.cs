namespace Dataans.Server.Endpoints;

/// <summary>
/// <c>GET /capture/</c>: the static capture page (HTML, CSS, the WebCrypto sealer, its outbox, service
/// worker and web app manifest), embedded in the server. Anonymous: it holds no user data; the capture
/// token stays in the link's fragment.
/// </summary>
internal static class CapturePageEndpoint
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        [""] = ("index.html", "text/html; charset=utf-8"),
        ["index.html"] = ("index.html", "text/html; charset=utf-8"),
        ["capture.js"] = ("capture.js", "text/javascript; charset=utf-8"),
        ["seal.js"] = ("seal.js", "text/javascript; charset=utf-8"),
        ["capture.css"] = ("capture.css", "text/css; charset=utf-8"),
        ["outbox.js"] = ("outbox.js", "text/javascript; charset=utf-8"),
        ["sw.js"] = ("sw.js", "text/javascript; charset=utf-8"),
        ["manifest.webmanifest"] = ("manifest.webmanifest", "application/manifest+json; charset=utf-8"),
        ["icon.svg"] = ("icon.svg", "image/svg+xml"),
    };

    private static readonly Dictionary<string, byte[]> Contents = Files.Values.Select(f => f.Resource).Distinct()
        .ToDictionary(name => name, Read, StringComparer.Ordinal);

    public static void MapCapturePage(this IEndpointRouteBuilder app) =>
        app.MapGet("/capture/{file?}", (string? file, HttpContext context) =>
        {
            if (!Files.TryGetValue(file ?? "", out var entry))
            {
                return Problems.NotFound("The capture page has no such file.");
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            return Results.Bytes(Contents[entry.Resource], entry.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();

    private static byte[] Read(string name)
    {
        using var stream = typeof(CapturePageEndpoint).Assembly.GetManifestResourceStream("Dataans.Server.CapturePage." + name)
            ?? throw new InvalidOperationException($"The capture page file {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
