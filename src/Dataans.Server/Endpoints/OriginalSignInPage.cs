using System.Text.Json;
using Dataans.Server.Auth;

namespace Dataans.Server.Endpoints;

/// <summary>
/// The sign-in page an unmodified original Dataans client loads: its "CF-Auth" window opens
/// <c>&lt;server&gt;/health/authorize.html</c> behind Cloudflare Access and the page hands the Access token,
/// the server's origin and (optionally) the password and passphrase to the app with the Tauri command
/// <c>plugin:dataans|sign_in</c>. The password and passphrase go from the page to the app over the
/// window's IPC only: the page has no form action and may connect nowhere. The token is embedded by the
/// server (from the Access header or cookie), so an HttpOnly <c>CF_Authorization</c> cookie works too.
/// </summary>
internal static class OriginalSignInPage
{
    public static IResult Handle(HttpContext context)
    {
        var token = context.Request.Headers[AuthSetup.CloudflareHeader].FirstOrDefault() is { Length: > 0 } header
            ? header
            : context.Request.Cookies[AuthSetup.CloudflareCookie] ?? string.Empty;
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Dataans sign-in</title>
            <meta name="viewport" content="width=device-width,initial-scale=1"></head>
            <body style="font-family:sans-serif;max-width:32em;margin:4em auto">
            <h1>Dataans</h1>
            <p>Signed in to this sync server. Type the password and passphrase of your notes' key: they are handed to the
            Dataans app on this computer and never sent to the server. Leave both empty to renew an expired sign-in;
            leave the passphrase empty on your first device to have one made for you.</p>
            <p><label>Password <input id="password" type="password" autocomplete="current-password"></label></p>
            <p><label>Unique Passphrase <input id="salt" type="password" autocomplete="off"></label></p>
            <p><button id="sign-in" type="button">Let me in!</button></p>
            <p id="status" role="status"></p>
            <script>
            const token = {{JsonSerializer.Serialize(token)}};
            const status = document.getElementById('status');
            document.getElementById('sign-in').addEventListener('click', async () => {
              const tauri = window.__TAURI__;
              if (!tauri || !tauri.core) {
                status.textContent = 'This page belongs in the original Dataans app\'s sign-in window. This app signs in with "dataans sync login" or from its settings.';
                return;
              }
              const args = { token, url: window.location.origin };
              const password = document.getElementById('password').value;
              const salt = document.getElementById('salt').value;
              if (password.length > 0) args.password = password;
              if (salt.length > 0) args.salt = salt;
              status.textContent = 'Signing in…';
              try {
                await tauri.core.invoke('plugin:dataans|sign_in', args);
                status.textContent = 'Signed in.';
              } catch (error) {
                status.textContent = 'Sign-in failed: ' + (typeof error === 'string' ? error : JSON.stringify(error));
              }
            });
            </script>
            </body></html>
            """;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src ipc: http://ipc.localhost; form-action 'none'; frame-ancestors 'none'";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>True when the request is the original's (no <c>redirect_uri</c>/<c>state</c> of our loopback hand-off).</summary>
    public static bool IsOriginalRequest(HttpRequest request) =>
        !request.Query.ContainsKey("redirect_uri") && !request.Query.ContainsKey("state");
}
