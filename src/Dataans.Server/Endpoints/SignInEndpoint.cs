using System.Net;
using System.Text.RegularExpressions;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// The app's sign-in page for Cloudflare deployments (RFC 8252 style). It sits behind Access, so the
/// browser arrives with the Access token; the page POSTs that token and the app's <c>state</c> to the
/// app's loopback <c>redirect_uri</c>. It never asks for the password or passphrase: those are typed
/// into the local app only.
/// </summary>
internal static partial class SignInEndpoint
{
    public const string Path = "/v2/signin";

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Handle).RequireAuthorization().WithTags("v2").Produces(StatusCodes.Status200OK, contentType: "text/html");
        // The seed's sign-in path: the page an unmodified original client loads, or our hand-off when asked with redirect_uri and state.
        app.MapGet("/health/authorize.html", (HttpContext context, IOptions<AuthOptions> auth) =>
            auth.Value.ParsedMode == AuthMode.Cloudflare && OriginalSignInPage.IsOriginalRequest(context.Request)
                ? OriginalSignInPage.Handle(context)
                : Handle(context, auth)).RequireAuthorization().ExcludeFromDescription();
    }

    private static IResult Handle(HttpContext context, IOptions<AuthOptions> auth)
    {
        if (auth.Value.ParsedMode != AuthMode.Cloudflare)
        {
            return Problems.NotFound("The sign-in page exists in cloudflare mode only; in token mode paste the token into the app.");
        }

        var redirect = context.Request.Query["redirect_uri"].ToString();
        var state = context.Request.Query["state"].ToString();
        if (!IsLoopback(redirect))
        {
            return Problems.BadRequest("redirect_uri must be http://127.0.0.1:PORT/…, http://[::1]:PORT/… or http://localhost:PORT/….");
        }

        if (!StatePattern().IsMatch(state))
        {
            return Problems.BadRequest("state must be 16 to 256 characters of [A-Za-z0-9._~-].");
        }

        var token = context.Request.Headers[AuthSetup.CloudflareHeader].FirstOrDefault() is { Length: > 0 } header
            ? header
            : context.Request.Cookies[AuthSetup.CloudflareCookie] ?? "";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Dataans sign-in</title>
            <meta name="viewport" content="width=device-width,initial-scale=1"></head>
            <body style="font-family:sans-serif;max-width:32em;margin:4em auto">
            <h1>Dataans</h1>
            <p>Signed in to this sync server. Handing the sign-in to the Dataans app on this computer…</p>
            <form id="handoff" method="post" action="{{WebUtility.HtmlEncode(redirect)}}">
            <input type="hidden" name="token" value="{{WebUtility.HtmlEncode(token)}}">
            <input type="hidden" name="state" value="{{WebUtility.HtmlEncode(state)}}">
            <button type="submit">Continue to the app</button>
            </form>
            <p>Your password and passphrase are never typed here: the app asks for them itself.</p>
            <script>document.getElementById('handoff').submit();</script>
            </body></html>
            """;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'unsafe-inline'; form-action http://127.0.0.1:* http://[::1]:* http://localhost:*; frame-ancestors 'none'";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    internal static bool IsLoopback(string redirect) =>
        Uri.TryCreate(redirect, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp
        && !uri.IsDefaultPort
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment)
        && (uri.Host is "127.0.0.1" or "[::1]" or "localhost");

    [GeneratedRegex("^[A-Za-z0-9._~-]{16,256}$")]
    private static partial Regex StatePattern();
}
