using Dataans.Core.Profile;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;

namespace Dataans.Core.Sync;

/// <summary>Which OpenID Connect issuer and public client the app signs in with.</summary>
/// <param name="Scope">Space-separated scopes; <c>openid offline_access</c> by default (a refresh token for silent renewal).</param>
/// <param name="Resource">A resource indicator (RFC 8707) naming the sync server, when the issuer wants one for the token's audience.</param>
public sealed record OidcSettings(Uri Issuer, string ClientId, string Scope = OidcSettings.DefaultScope, string? Resource = null)
{
    /// <summary>The scopes asked for when none are given: an ID token and a refresh token.</summary>
    public const string DefaultScope = "openid offline_access";
}

/// <summary>
/// OpenID Connect for a native app (RFC 8252), through the certified Duende OidcClient: the system
/// browser opens the issuer's sign-in page, the authorization code comes back to a loopback redirect
/// on a random 127.0.0.1 port, PKCE (S256) binds it to this app, and the tokens are fetched with no
/// client secret. The refresh token renews the access token silently later. The issuer must be
/// https (http only on loopback, for tests). Thread-safe: every call has its own client.
/// </summary>
public static class OidcSignIn
{
    /// <summary>Renew this long before the access token expires (clocks differ a little).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(30);

    /// <summary>Signs in through the browser and returns the access token with the session that renews it.</summary>
    /// <param name="openBrowser">Shows the issuer's page to the user (the system browser, or a link).</param>
    /// <exception cref="SyncException">The issuer is unusable, the user refused, or nothing came back in time.</exception>
    public static async Task<SignInCredential> SignInAsync(OidcSettings settings, Func<Uri, Task> openBrowser, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var browser = new LoopbackBrowser(openBrowser);
        var client = new OidcClient(Options(settings, browser.RedirectUri, browser, timeout));
        LoginResult result;
        try
        {
            result = await client.LoginAsync(new LoginRequest { BrowserTimeout = (int)timeout.TotalSeconds }, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(settings.Issuer, exception);
        }

        if (result.IsError)
        {
            throw new SyncException(
                browser.TimedOut ? SyncFailure.Unauthorized : Classify(result.Error),
                browser.TimedOut ? "The browser sign-in did not finish in time: try again." : $"The OpenID provider refused the sign-in ({Describe(result.Error, result.ErrorDescription)}).");
        }

        return Credential(settings, result.AccessToken, result.RefreshToken, result.AccessTokenExpiration);
    }

    /// <summary>Whether the session's access token is expired or about to be.</summary>
    public static bool IsDue(OidcSession session, TimeProvider time) =>
        session.AccessTokenExpiresAt is { } expires && expires - time.GetUtcNow() < RenewBefore;

    /// <summary>Gets a new access token with the refresh token, without the user.</summary>
    /// <exception cref="SyncException">
    /// <see cref="SyncFailure.Unauthorized"/> when the issuer no longer accepts the refresh token (the user
    /// must sign in again); <see cref="SyncFailure.Unreachable"/> when the issuer cannot be reached.
    /// </exception>
    public static async Task<SignInCredential> RefreshAsync(OidcSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.RefreshToken is null)
        {
            throw new SyncException(SyncFailure.Unauthorized, "The OpenID sign-in expired and the provider gave no refresh token: sign in again.");
        }

        var settings = new OidcSettings(session.Issuer, session.ClientId, session.Scope, session.Resource);
        var client = new OidcClient(Options(settings, "http://127.0.0.1/callback", browser: null, TimeSpan.FromMinutes(1)));
        Duende.IdentityModel.OidcClient.Results.RefreshTokenResult result;
        try
        {
            var parameters = session.Resource is null ? null : new Parameters { { "resource", session.Resource } };
            result = await client.RefreshTokenAsync(session.RefreshToken, parameters, cancellationToken: cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(session.Issuer, exception);
        }

        if (result.IsError)
        {
            var failure = Classify(result.Error);
            throw new SyncException(failure, failure == SyncFailure.Unauthorized
                ? "The OpenID sign-in expired or was ended by the provider: sign in again (your password and passphrase are kept)."
                : $"The OpenID provider at {session.Issuer} could not renew the sign-in ({Describe(result.Error, result.ErrorDescription)}).");
        }

        // Providers that rotate refresh tokens send a new one; the others keep the old one valid.
        return Credential(settings, result.AccessToken, result.RefreshToken ?? session.RefreshToken, result.AccessTokenExpiration);
    }

    private static OidcClientOptions Options(OidcSettings settings, string redirectUri, LoopbackBrowser? browser, TimeSpan timeout)
    {
        var options = new OidcClientOptions
        {
            Authority = settings.Issuer.AbsoluteUri.TrimEnd('/'),
            ClientId = settings.ClientId,
            Scope = settings.Scope,
            RedirectUri = redirectUri,
            Browser = browser,
            BrowserTimeout = timeout,
            LoadProfile = false,
            IdentityTokenValidator = new NoValidationIdentityTokenValidator(),
        };

        // The ID token comes straight from the token endpoint over TLS (OIDC Core 3.1.3.7): the app only
        // needs the access token, which the sync server validates itself.
        options.Policy.Discovery.RequireHttps = true;
        options.Policy.Discovery.AllowHttpOnLoopback = true;
        if (settings.Resource is not null)
        {
            options.Resource = [settings.Resource];
        }

        return options;
    }

    private static SignInCredential Credential(OidcSettings settings, string accessToken, string? refreshToken, DateTimeOffset expiration) =>
        new(accessToken, new OidcSession
        {
            Issuer = settings.Issuer,
            ClientId = settings.ClientId,
            Scope = settings.Scope,
            Resource = settings.Resource,
            RefreshToken = refreshToken,
            AccessTokenExpiresAt = expiration == default ? null : expiration,
        });

    /// <summary>invalid_grant and friends mean "sign in again"; anything else (network, server) may pass.</summary>
    private static SyncFailure Classify(string? error) => error switch
    {
        "invalid_grant" or "invalid_client" or "unauthorized_client" or "access_denied" or "invalid_scope" or "invalid_target" or "login_required" or "consent_required" => SyncFailure.Unauthorized,
        _ => SyncFailure.Unreachable,
    };

    private static string Describe(string? error, string? description) =>
        string.IsNullOrWhiteSpace(description) ? error ?? "no reason given" : $"{error}: {description.TrimEnd('.')}";

    private static SyncException Unreachable(Uri issuer, Exception exception) =>
        new(SyncFailure.Unreachable, exception is HttpRequestException request
            ? $"The OpenID provider at {issuer} cannot be reached: {UnreachableReason.Describe(request)}."
            : $"The OpenID provider at {issuer} cannot be reached.", exception);
}
