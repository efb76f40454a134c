using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Dataans.Server.Observability;

/// <summary>
/// Declares in the OpenAPI document how this server's callers authenticate — a bearer token (token and
/// oidc modes) or the Cloudflare Access JWT in its header or cookie — and marks every operation that
/// requires it.
/// </summary>
internal sealed class OpenApiSecurity(IOptions<AuthOptions> auth) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string Bearer = "bearer";
    private const string CloudflareHeader = "cloudflareAccessHeader";
    private const string CloudflareCookie = "cloudflareAccessCookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var (name, scheme) in Schemes())
        {
            document.Components.SecuritySchemes[name] = scheme;
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        foreach (var (name, _) in Schemes())
        {
            // Each scheme alone is enough (alternatives), as the OpenAPI security list means.
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }

    private IEnumerable<(string Name, OpenApiSecurityScheme Scheme)> Schemes()
    {
        if (auth.Value.ParsedMode == AuthMode.Cloudflare)
        {
            yield return (CloudflareHeader, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AuthSetup.CloudflareHeader,
                Description = "The Cloudflare Access JWT, set by Cloudflare's edge.",
            });
            yield return (CloudflareCookie, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = AuthSetup.CloudflareCookie,
                Description = "The Cloudflare Access JWT as the browser (or the app) holds it.",
            });
            yield break;
        }

        yield return (Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = Bearer,
            BearerFormat = auth.Value.ParsedMode == AuthMode.Oidc ? "JWT" : "dst_ token",
            Description = auth.Value.ParsedMode == AuthMode.Oidc
                ? "An access token of the configured OpenID Connect issuer for the configured audience."
                : "A device token from 'dataans-server user add' or 'user token add'.",
        });
    }
}
