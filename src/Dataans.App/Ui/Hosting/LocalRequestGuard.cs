using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// Refuses (403) every request whose <c>Host</c> is not the app's own (DNS rebinding) or whose
/// <c>Origin</c>, when present, is another site's (cross-site requests and WebSockets, including the
/// Blazor hub). Cross-site requests other than a plain top-level navigation are refused too. Adds
/// headers that keep pages from being framed or content from being sniffed as script.
/// </summary>
internal sealed class LocalRequestGuard(RequestDelegate next, LocalEndpoint endpoint)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin;
        var fetchSite = request.Headers["Sec-Fetch-Site"];
        var crossSite = fetchSite == "cross-site" && !(HttpMethods.IsGet(request.Method) && request.Headers["Sec-Fetch-Mode"] == "navigate");
        if (!endpoint.IsOwnHost(request.Host) || (!StringValues.IsNullOrEmpty(origin) && !endpoint.IsOwnOrigin(origin.ToString())) || crossSite)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("Dataans only answers its own pages on this computer.", context.RequestAborted);
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
        return next(context);
    }
}
