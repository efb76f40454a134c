using System.Collections.Concurrent;
using System.Text;

namespace Dataans.Reliability.Tests.Access;

/// <summary>Something a client puts on a request to be let in (or to try): a header, a cookie, a query parameter.</summary>
internal sealed record Credential(string Name, Action<HttpRequestMessage> Apply)
{
    public static readonly Credential None = new("none", _ => { });

    public static Credential Bearer(string name, string token) => Header(name, "Authorization", "Bearer " + token);

    public static Credential Header(string name, string header, string value) =>
        new(name, request => request.Headers.TryAddWithoutValidation(header, value));

    public static Credential Cookie(string name, string cookie, string value) => Header(name, "Cookie", $"{cookie}={value}");

    public static Credential Basic(string name, string user, string password) =>
        Header(name, "Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static Credential Query(string name, string parameter, string value) => new(name, request =>
    {
        var uri = new UriBuilder(request.RequestUri!);
        var pair = $"{parameter}={Uri.EscapeDataString(value)}";
        uri.Query = string.IsNullOrEmpty(uri.Query) ? pair : uri.Query.TrimStart('?') + "&" + pair;
        request.RequestUri = uri.Uri;
    });

    /// <summary>Both credentials on the same request.</summary>
    public Credential And(Credential other) => new($"{Name} + {other.Name}", request =>
    {
        Apply(request);
        other.Apply(request);
    });

    /// <summary>A client that sends this credential on every request (cookies are sent as given, not from a jar).</summary>
    public HttpClient Client(Uri baseAddress, ConcurrentQueue<(HttpMethod Method, string Path)>? sent = null) =>
        new(new CredentialHandler(this, sent) { InnerHandler = new SocketsHttpHandler { UseCookies = false } })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private sealed class CredentialHandler(Credential credential, ConcurrentQueue<(HttpMethod, string)>? sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent?.Enqueue((request.Method, request.RequestUri!.AbsolutePath));
            credential.Apply(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
