using System.Net;
using System.Text.RegularExpressions;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// The app's sign-in page for Cloudflare deployments (RFC 8252 style, protocol.md §5). It sits behind
/// Access, so the browser arrives with the Access token. The page hands nothing over by itself: it shows
/// which local address asks for the sign-in, and only the user's click posts a one-time <c>code</c> (the
/// token sealed to the app's <c>app_key</c> and <c>state</c>, see <see cref="SignInHandOff"/>) to the
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

        if (SignInCode.ParseAppKey(context.Request.Query[SignInHandOff.AppKeyParameter].ToString()) is not { } appKey)
        {
            return Problems.BadRequest("app_key must be the app's one-time P-256 public key (65 bytes, base64url): start the sign-in from an up-to-date Dataans app.");
        }

        var token = context.Request.Headers[AuthSetup.CloudflareHeader].FirstOrDefault() is { Length: > 0 } header
            ? header
            : context.Request.Cookies[AuthSetup.CloudflareCookie] ?? "";
        var code = SignInCode.Seal(appKey, state, token, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        var app = new Uri(redirect).Authority;
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Dataans sign-in</title>
            <meta name="viewport" content="width=device-width,initial-scale=1"></head>
            <body style="font-family:sans-serif;max-width:34em;margin:4em auto;line-height:1.5">
            <h1>Dataans</h1>
            <p>You are signed in to this sync server as <strong>{{WebUtility.HtmlEncode(SyncUser.Get(context))}}</strong>.</p>
            <p>The Dataans app waiting at <strong>{{WebUtility.HtmlEncode(app)}}</strong> on this computer asks to use this sign-in.
            Continue only if you started signing in from Dataans just now.</p>
            <form method="post" action="{{WebUtility.HtmlEncode(redirect)}}">
            <input type="hidden" name="{{SignInHandOff.CodeField}}" value="{{code}}">
            <input type="hidden" name="{{SignInHandOff.StateParameter}}" value="{{WebUtility.HtmlEncode(state)}}">
            <button id="continue" type="submit">Continue to the app</button>
            </form>
            <p>Your password and passphrase are never typed here: the app asks for them itself.</p>
            </body></html>
            """;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; form-action http://127.0.0.1:* http://[::1]:* http://localhost:*; frame-ancestors 'none'; base-uri 'none'";
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
