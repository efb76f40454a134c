using System.Net;
using System.Net.Sockets;
using Duende.IdentityModel.OidcClient.Browser;

namespace Dataans.Core.Sync;

/// <summary>
/// The system browser for <see cref="OidcSignIn"/> (RFC 8252 §7.3): listens on a random 127.0.0.1 port
/// before the sign-in page opens, and takes the first GET of <c>/callback</c> that carries a
/// <c>code</c> or an <c>error</c>; OidcClient then checks its <c>state</c> and exchanges the code with
/// the PKCE verifier. Anything else on the port gets 404 and the wait goes on. One use per instance.
/// </summary>
internal sealed class LoopbackBrowser : IBrowser, IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<Uri, Task> _openBrowser;

    public LoopbackBrowser(Func<Uri, Task> openBrowser)
    {
        _openBrowser = openBrowser;
        var port = FreePort();
        RedirectUri = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
    }

    /// <summary>The redirect URI to register with the authorization request.</summary>
    public string RedirectUri { get; }

    /// <summary>True when the wait ended because the time was up.</summary>
    public bool TimedOut { get; private set; }

    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        await using var stop = deadline.Token.Register(_listener.Stop);
        var opened = _openBrowser(new Uri(options.StartUrl));
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimedOut = true;
                return new BrowserResult { ResultType = BrowserResultType.Timeout, Error = "The browser sign-in did not finish in time." };
            }

            var url = context.Request.Url;
            var query = url?.Query ?? string.Empty;
            var isCallback = context.Request.HttpMethod == "GET" && url?.AbsolutePath == "/callback"
                && (query.Contains("code=", StringComparison.Ordinal) || query.Contains("error=", StringComparison.Ordinal));
            var failed = query.Contains("error=", StringComparison.Ordinal);
            await RespondAsync(context.Response, isCallback ? HttpStatusCode.OK : HttpStatusCode.NotFound, !isCallback
                ? "Nothing here: the sign-in continues in the page Dataans opened."
                : failed ? "The sign-in was not completed. Go back to Dataans to try again." : "Signed in. You can close this tab and go back to Dataans.");
            if (isCallback)
            {
                await opened.WaitAsync(deadline.Token);
                return new BrowserResult { ResultType = BrowserResultType.Success, Response = url!.AbsoluteUri };
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Close();
        return ValueTask.CompletedTask;
    }

    private static async Task RespondAsync(HttpListenerResponse response, HttpStatusCode status, string message)
    {
        response.StatusCode = (int)status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers["Cache-Control"] = "no-store";
        var body = System.Text.Encoding.UTF8.GetBytes($"<!doctype html><meta charset=\"utf-8\"><title>Dataans</title><p style=\"font-family:sans-serif\">{WebUtility.HtmlEncode(message)}</p>");
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
