using System.Net;
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
    private readonly LoopbackListener _listener = new();
    private readonly Func<Uri, Task> _openBrowser;

    public LoopbackBrowser(Func<Uri, Task> openBrowser) => _openBrowser = openBrowser;

    /// <summary>The redirect URI to register with the authorization request.</summary>
    public string RedirectUri => _listener.RedirectUri;

    /// <summary>True when the wait ended because the time was up.</summary>
    public bool TimedOut { get; private set; }

    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var callback = await _listener.WaitAsync(() => _openBrowser(new Uri(options.StartUrl)), options.Timeout, request => Task.FromResult(Answer(request)),
                cancellationToken);
            return new BrowserResult { ResultType = BrowserResultType.Success, Response = callback.AbsoluteUri };
        }
        catch (TimeoutException)
        {
            TimedOut = true;
            return new BrowserResult { ResultType = BrowserResultType.Timeout, Error = "The browser sign-in did not finish in time." };
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A GET of <c>/callback</c> with a code or an error ends the wait; anything else gets 404.</summary>
    private static LoopbackAnswer<Uri> Answer(HttpListenerRequest request)
    {
        var url = request.Url;
        var query = url?.Query ?? string.Empty;
        var isCallback = request.HttpMethod == "GET" && url?.AbsolutePath == "/callback"
            && (query.Contains("code=", StringComparison.Ordinal) || query.Contains("error=", StringComparison.Ordinal));
        var failed = query.Contains("error=", StringComparison.Ordinal);
        return isCallback
            ? new(url, HttpStatusCode.OK, failed ? "The sign-in was not completed. Go back to Dataans to try again." : "Signed in. You can close this tab and go back to Dataans.")
            : new(null, HttpStatusCode.NotFound, "Nothing here: the sign-in continues in the page Dataans opened.");
    }
}
