
namespace Dataans.Reliability.Tests.Access;

[CollectionDefinition(Name)]
public sealed class AccessCollection : ICollectionFixture<AccessServers>
{
    public const string Name = "access";
}

/// <summary>
/// One real server per auth mode, started once for every access test: token, cloudflare (user = the
/// <c>email</c> claim, as Cloudflare Access deployments usually key users) and oidc (user = <c>sub</c>).
/// Both JWT modes trust <see cref="Idp"/>; <see cref="Stranger"/> is a second, untrusted issuer.
/// </summary>
public sealed class AccessServers : IAsyncLifetime
{
    public const string CloudflareAud = "access-test-aud";
    public const string OidcAudience = "dataans-access";

    internal JwksServer Idp { get; private set; } = null!;

    internal JwksServer Stranger { get; private set; } = null!;

    internal ModeServer Token { get; private set; } = null!;

    internal ModeServer Cloudflare { get; private set; } = null!;

    internal ModeServer Oidc { get; private set; } = null!;

    internal IReadOnlyList<ModeServer> All => [Token, Cloudflare, Oidc];

    public async Task InitializeAsync()
    {
        Idp = await JwksServer.StartAsync();
        Stranger = await JwksServer.StartAsync();
        // The matrices send thousands of refused requests from one address in seconds; the per-address
        // request rate and the per-link capture rate (RateLimitTests and CaptureRateLimitTests cover them)
        // are raised so that they see the server's 401s, not 429s.
        string[] rate = ["--RateLimits:RequestsPerSecondPerUser=1000000", "--RateLimits:RequestBurstPerUser=1000000",
            "--RateLimits:CapturesPerMinutePerLink=1000000", "--RateLimits:CaptureBurstPerLink=1000000"];
        var token = ServerInstance.StartAsync(["--auth", "token", .. rate]);
        var cloudflare = ServerInstance.StartAsync(["--auth", "cloudflare", "--cloudflare-aud", CloudflareAud,
            "--cloudflare-certs-url", Idp.CertsUrl, "--cloudflare-issuer", Idp.Issuer, "--user-claim", "email", .. rate]);
        var oidc = ServerInstance.StartAsync(["--auth", "oidc", "--oidc-authority", Idp.Issuer, "--oidc-audience", OidcAudience,
            "--Auth:Oidc:RequireHttpsMetadata=false", .. rate]);
        Token = new ModeServer(AccessMode.Token, await token, Idp, "");
        Cloudflare = new ModeServer(AccessMode.Cloudflare, await cloudflare, Idp, CloudflareAud);
        Oidc = new ModeServer(AccessMode.Oidc, await oidc, Idp, OidcAudience);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { Token, Cloudflare, Oidc }.Where(s => s is not null))
        {
            await server.Server.DisposeAsync();
        }

        await Stranger.DisposeAsync();
        await Idp.DisposeAsync();
    }
}

internal enum AccessMode
{
    Token,
    Cloudflare,
    Oidc,
}

/// <summary>A server in one auth mode and how a legitimate user of that mode signs in.</summary>
internal sealed class ModeServer(AccessMode mode, ServerInstance server, JwksServer idp, string audience)
{
    public AccessMode Mode { get; } = mode;

    public ServerInstance Server { get; } = server;

    public JwksServer Idp { get; } = idp;

    public string Audience { get; } = audience;

    public bool IsJwt => Mode != AccessMode.Token;

    /// <summary>The store key the server derives for <paramref name="user"/>: the token user's name, the email or the sub claim.</summary>
    public string StoreUser(string user) => Mode == AccessMode.Cloudflare ? Email(user) : user;

    public static string Email(string user) => user + "@example.test";

    /// <summary>Valid claims for <paramref name="user"/> at the trusted issuer.</summary>
    public Dictionary<string, object> Claims(string user) => Jwt.Claims(Idp.Issuer, Audience, user, Email(user));

    /// <summary>Where this mode expects its JWT: the Cloudflare header, or an OIDC bearer token.</summary>
    public Credential PlaceJwt(string name, string jwt) => Mode == AccessMode.Cloudflare
        ? Credential.Header(name, "Cf-Access-Jwt-Assertion", jwt)
        : Credential.Bearer(name, jwt);

    /// <summary>A valid credential for <paramref name="user"/>: a token from the admin command, or a JWT signed by the trusted issuer.</summary>
    public async Task<(Credential Credential, string Secret)> SignInAsync(string user)
    {
        if (Mode == AccessMode.Token)
        {
            var token = await Server.AddUserAsync(user);
            return (Credential.Bearer("valid", token), token);
        }

        var jwt = Jwt.Rs256(Idp.Key, Claims(user));
        return (PlaceJwt("valid", jwt), jwt);
    }

    public HttpClient Client(Credential credential, System.Collections.Concurrent.ConcurrentQueue<(HttpMethod, string)>? sent = null) =>
        credential.Client(Server.BaseAddress, sent);

    public override string ToString() => Mode.ToString().ToLowerInvariant();
}
