using System.Net;
using System.Net.Sockets;

namespace Dataans.Core.Sync;

/// <summary>
/// The app's half of a browser sign-in (RFC 8252 §7.3): listens on a random 127.0.0.1 port before the
/// sign-in page opens, answers every request to that port with a one-sentence page, and ends at the first
/// request its caller accepts; anything else is answered and the wait goes on until the timeout. Shared
/// by <see cref="LoopbackBrowser"/> (OpenID Connect) and <see cref="LoopbackSignIn"/> (the Cloudflare
/// hand-off). One wait per instance.
/// </summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackListener()
    {
        var port = FreePort();
        RedirectUri = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
    }

    /// <summary>The address the sign-in page sends the browser back to.</summary>
    public string RedirectUri { get; }

    /// <summary>
    /// Opens the browser, then answers requests with <paramref name="answer"/> until one gives a result,
    /// and returns that result once the browser call has finished too.
    /// </summary>
    /// <exception cref="TimeoutException">No request was accepted before <paramref name="timeout"/>.</exception>
    public async Task<T> WaitAsync<T>(Func<Task> openBrowser, TimeSpan timeout, Func<HttpListenerRequest, Task<LoopbackAnswer<T>>> answer,
        CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var stop = deadline.Token.Register(_listener.Stop);
        // Not awaited before listening: the browser's request is answered by the loop below.
        var opened = openBrowser();
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
                throw new TimeoutException("The browser sign-in did not finish in time.", exception);
            }

            var reply = await answer(context.Request);
            await RespondAsync(context.Response, reply.Status, reply.Message);
            if (reply.Result is { } result)
            {
                await opened.WaitAsync(deadline.Token);
                return result;
            }
        }
    }

    public void Dispose() => _listener.Close();

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

/// <summary>What <see cref="LoopbackListener"/> answers to one request: the page's status and sentence, and the result that ends the wait (null: wait on).</summary>
internal readonly record struct LoopbackAnswer<T>(T? Result, HttpStatusCode Status, string Message)
    where T : class;
