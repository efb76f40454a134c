using System.CommandLine;
using Dataans.Core.Sync;

namespace Dataans.App.Cli;

/// <summary>
/// <c>--oidc-issuer URL --oidc-client-id ID [--oidc-scope S] [--oidc-resource URI]</c>: the OpenID
/// Connect issuer and the app's public client, as the server's operator registered them. Given together
/// or not at all; signing in again reuses the ones of the current sign-in.
/// </summary>
internal sealed class OidcOptions
{
    private readonly Option<Uri> _issuer = new("--oidc-issuer")
    {
        Description = "OpenID servers: the issuer URL (https; http only on 127.0.0.1/localhost)",
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens is [var token] ? token.Value.Trim() : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var issuer) && (issuer.Scheme == Uri.UriSchemeHttps || issuer.Scheme == Uri.UriSchemeHttp) && issuer.Host.Length > 0)
            {
                return issuer;
            }

            result.AddError($"--oidc-issuer must be the issuer's https:// address, not '{(text.Length <= 80 ? text : text[..80] + "…")}'.");
            return null;
        },
    };

    private readonly Option<string> _clientId = new("--oidc-client-id") { Description = "OpenID servers: the app's public client id", HelpName = "ID" };

    private readonly Option<string> _scope = new("--oidc-scope") { Description = $"OpenID servers: the scopes to ask for (default '{OidcSettings.DefaultScope}')", HelpName = "SCOPES" };

    private readonly Option<string> _resource = new("--oidc-resource") { Description = "OpenID servers: a resource indicator naming the sync server, if the issuer needs one for the token's audience", HelpName = "URI" };

    public static OidcOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(_issuer);
        command.Options.Add(_clientId);
        command.Options.Add(_scope);
        command.Options.Add(_resource);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(_issuer) is null) != (result.GetResult(_clientId) is null))
            {
                result.AddError("--oidc-issuer and --oidc-client-id go together.");
            }
            else if (result.GetResult(_issuer) is null && (result.GetResult(_scope) is not null || result.GetResult(_resource) is not null))
            {
                result.AddError("--oidc-scope and --oidc-resource need --oidc-issuer and --oidc-client-id.");
            }
        });
    }

    /// <summary>The settings given on the command line, or null when none were.</summary>
    public OidcSettings? Read(ParseResult parseResult)
    {
        if (parseResult.GetValue(_issuer) is not { } issuer || parseResult.GetValue(_clientId) is not { Length: > 0 } clientId)
        {
            return null;
        }

        var scope = parseResult.GetValue(_scope) is { Length: > 0 } scopes ? scopes.Trim() : OidcSettings.DefaultScope;
        var resource = parseResult.GetValue(_resource) is { Length: > 0 } r ? r.Trim() : null;
        return new OidcSettings(issuer, clientId.Trim(), scope, resource);
    }
}
