using System.Net;
using System.Net.Http.Headers;
using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

/// <summary>
/// Puts the device's credential on requests to the sync server's own origin (scheme, host and port)
/// and on nothing else: Bearer for token and OIDC servers, the <c>CF_Authorization</c> cookie for
/// Cloudflare Access. Redirects are followed here, and only within that origin (at most
/// <see cref="MaxRedirects"/>); a redirect to another host is an error, so a moved or hostile server
/// cannot collect the token. The inner handler must not follow redirects itself. Thread-safe.
/// </summary>
internal sealed class ServerCredentialHandler : DelegatingHandler
{
    public const int MaxRedirects = 5;

    private readonly Uri _origin;
    private readonly AuthMode _mode;
    private readonly string? _token;

    public ServerCredentialHandler(Uri server, AuthMode mode, string? token, HttpMessageHandler inner)
        : base(inner)
    {
        _origin = new Uri(server.GetLeftPart(UriPartial.Authority));
        _mode = mode;
        _token = string.IsNullOrEmpty(token) ? null : token;
    }

    /// <summary>A handler for <see cref="ServerCredentialHandler"/> to wrap: no redirects, no cookie jar.</summary>
    public static SocketsHttpHandler CreateInner() => new() { AllowAutoRedirect = false, UseCookies = false };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            Authorize(request);
            var response = await base.SendAsync(request, cancellationToken);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            var target = new Uri(request.RequestUri!, location);
            if (!IsSameOrigin(target))
            {
                response.Dispose();
                throw new SyncException(
                    SyncFailure.Protocol,
                    $"The sync server at {_origin} redirected to another address ({target.GetLeftPart(UriPartial.Authority)}); the sign-in is never sent there: check the server address.");
            }

            if (redirects >= MaxRedirects)
            {
                response.Dispose();
                throw new SyncException(SyncFailure.Protocol, $"The sync server at {_origin} redirected more than {MaxRedirects} times.");
            }

#pragma warning disable CA2000 // The redirected request may share the first one's content: the caller disposes the first, which disposes that content.
            if (NextRequest(request, response.StatusCode, target) is not { } next)
#pragma warning restore CA2000
            {
                return response; // a streamed body cannot be sent twice: the caller sees the redirect status
            }

            response.Dispose();
            request = next;
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        request.Headers.Authorization = null;
        request.Headers.Remove("Cookie");
        if (_token is null || request.RequestUri is null || !IsSameOrigin(request.RequestUri))
        {
            return;
        }

        if (_mode == AuthMode.Cloudflare)
        {
            request.Headers.Add("Cookie", "CF_Authorization=" + _token);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }
    }

    private bool IsSameOrigin(Uri target) =>
        Uri.Compare(target, _origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The request a browser would send next: 303, and 301/302 after a POST, become a GET without a body.</summary>
    private static HttpRequestMessage? NextRequest(HttpRequestMessage request, HttpStatusCode status, Uri target)
    {
        var toGet = status == HttpStatusCode.SeeOther || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post);
        var method = toGet ? HttpMethod.Get : request.Method;
        if (!toGet && request.Content is not (null or ByteArrayContent or System.Net.Http.Json.JsonContent))
        {
            return null;
        }

        var next = new HttpRequestMessage(method, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (!toGet)
        {
            next.Content = request.Content;
        }

        return next;
    }
}
