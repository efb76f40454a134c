using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.Reliability.Tests.Access;

/// <summary>One endpoint as the running server routes it: method and route pattern, e.g. <c>GET /v2/files/{id}</c>.</summary>
internal sealed record RouteKey(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every endpoint of a running server, read from its <see cref="EndpointDataSource"/> (not from a list
/// kept by hand), so that a route added later shows up here and must be classified by the tests.
/// </summary>
internal sealed class RouteCatalog
{
    private readonly List<(RouteKey Key, Endpoint Endpoint, TemplateMatcher Matcher)> _routes;

    private RouteCatalog(List<(RouteKey, Endpoint, TemplateMatcher)> routes) => _routes = routes;

    public IEnumerable<RouteKey> Keys => _routes.Select(r => r.Key);

    public static RouteCatalog Read(WebApplication app)
    {
        var routes = new List<(RouteKey, Endpoint, TemplateMatcher)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var matcher = new TemplateMatcher(TemplateParser.Parse(pattern.TrimStart('/')), new RouteValueDictionary());
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            routes.AddRange(methods.Select(method => (new RouteKey(method, pattern), (Endpoint)endpoint, matcher)));
        }

        return new RouteCatalog(routes);
    }

    /// <summary>Whether the endpoint opts out of authorization (<c>AllowAnonymous</c>).</summary>
    public bool IsAnonymous(RouteKey key) => Endpoint(key).Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>Whether the endpoint demands an authenticated user (and does not opt out).</summary>
    public bool RequiresAuthorization(RouteKey key) =>
        !IsAnonymous(key) && Endpoint(key).Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;

    /// <summary>The route a request with <paramref name="method"/> and <paramref name="path"/> lands on, if any.</summary>
    public RouteKey? Match(HttpMethod method, string path)
    {
        foreach (var (key, _, matcher) in _routes)
        {
            if (string.Equals(key.Method, method.Method, StringComparison.OrdinalIgnoreCase)
                && matcher.TryMatch(new PathString(Uri.UnescapeDataString(path)), []))
            {
                return key;
            }
        }

        return null;
    }

    private Endpoint Endpoint(RouteKey key) => _routes.First(r => r.Key == key).Endpoint;
}
