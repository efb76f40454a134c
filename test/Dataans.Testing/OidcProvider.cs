using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Dataans.Testing;

/// <summary>
/// A real OpenID provider (npm oidc-provider, tools/oidc-provider) on 127.0.0.1: a public native client
/// with PKCE, loopback redirects and refresh tokens, issuing RS256 JWT access tokens for the resource
/// <see cref="Resource"/> with audience <see cref="Audience"/>. One per test class (it is cheap).
/// </summary>
public sealed partial class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "dataans-app";
    public const string Resource = "urn:dataans:sync";
    public const string Audience = "dataans";
    public const string Scope = "openid offline_access sync";

    private readonly Process _process;

    private OidcProvider(Process process, int port)
    {
        _process = process;
        Issuer = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Issuer { get; }

    /// <summary>dataans-server options for oidc mode against this issuer (http allowed: it is a loopback test issuer).</summary>
    public string[] ServerArgs =>
    [
        "--auth", "oidc", "--oidc-authority", Issuer.AbsoluteUri.TrimEnd('/'), "--oidc-audience", Audience,
        "--Auth:Oidc:RequireHttpsMetadata=false", "--Auth:ClockSkewSeconds=0",
    ];

    /// <summary>dataans sync login options naming this issuer and client.</summary>
    public string[] LoginArgs =>
        ["--oidc-issuer", Issuer.AbsoluteUri, "--oidc-client-id", ClientId, "--oidc-scope", Scope, "--oidc-resource", Resource];

    public static async Task<OidcProvider> StartAsync(int accessTokenTtlSeconds = 3600)
    {
        var script = Path.Combine(Processes.RepoRoot(), "tools", "oidc-provider", "provider.mjs");
        if (!Directory.Exists(Path.Combine(Processes.RepoRoot(), "tools", "oidc-provider", "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException("oidc-provider is missing; run scripts/ensure-test-deps.sh (cd tools/oidc-provider && npm ci).");
        }

        var port = Processes.FreePort();
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DATAANS_TEST_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var argument in new[]
        {
            "--require", Path.Combine(Processes.RepoRoot(), "tools", "s3rver", "watchdog.js"), script,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--client-id", ClientId, "--resource", Resource,
            "--audience", Audience, "--scope", "sync", "--access-token-ttl", accessTokenTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = await Processes.StartListeningAsync(info, port);
        return new OidcProvider(process, port);
    }

    /// <summary>A browser of its own (cookie jar): a second sign-in in it finds the provider's session.</summary>
    public static HttpClient NewBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Does what a person does in the browser: opens the sign-in page, signs in as <paramref name="user"/>
    /// on the development login form, confirms the consent form, and follows the redirects to the app's
    /// loopback address (whose page answers 200).
    /// </summary>
    public static async Task CompleteSignInAsync(HttpClient browser, Uri startUrl, string user)
    {
        var url = startUrl;
        HttpContent? form = null;
        for (var step = 0; step < 20; step++)
        {
            using var request = new HttpRequestMessage(form is null ? HttpMethod.Get : HttpMethod.Post, url) { Content = form };
            using var response = await browser.SendAsync(request);
            form = null;
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The sign-in stopped at {url.GetLeftPart(UriPartial.Path)} with {(int)response.StatusCode}: {html}");
            }

            if (FormAction().Match(html) is not { Success: true } action)
            {
                return; // the app's loopback page: done
            }

            url = new Uri(url, WebUtility.HtmlDecode(action.Groups[1].Value));
            var prompt = Prompt().Match(html).Groups[1].Value;
            form = new FormUrlEncodedContent(prompt == "login"
                ? new Dictionary<string, string> { ["prompt"] = "login", ["login"] = user, ["password"] = "any" }
                : new Dictionary<string, string> { ["prompt"] = prompt });
        }

        throw new InvalidOperationException("The sign-in did not finish in 20 steps.");
    }

    /// <summary>Revokes a refresh token at the provider's revocation endpoint (the user ended the session there).</summary>
    public async Task RevokeAsync(string refreshToken)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Issuer, "/token/revocation"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = refreshToken,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = ClientId,
        }));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"prompt\" value=\"([a-z]+)\"")]
    private static partial Regex Prompt();
}
