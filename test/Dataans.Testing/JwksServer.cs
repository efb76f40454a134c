using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dataans.Testing;

/// <summary>
/// A local identity provider on Kestrel: serves a JWKS at <c>/certs</c> (Cloudflare's shape) and OIDC
/// discovery, signs real RS256 tokens, and can rotate its keys.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile RsaSecurityKey[] _published;

    private JwksServer(WebApplication app, RsaSecurityKey key)
    {
        _app = app;
        Key = key;
        _published = [key];
        Issuer = app.Urls.First();
    }

    public RsaSecurityKey Key { get; }

    public string Issuer { get; }

    public string CertsUrl => Issuer + "/certs";

    public int CertsRequests;

    public int DiscoveryRequests;

    /// <summary>How the provider answers <c>/certs</c> and discovery: normally, never (until disposed), or by dropping the connection.</summary>
    public ProviderFault Fault { get; set; }

    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public static async Task<JwksServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        JwksServer? server = null;
        app.MapGet("/certs", async context =>
        {
            Interlocked.Increment(ref server!.CertsRequests);
            if (await server.FailAsync(context))
            {
                await Results.Text(server.JwksJson(), "application/json").ExecuteAsync(context);
            }
        });
        app.MapGet("/.well-known/openid-configuration", async context =>
        {
            Interlocked.Increment(ref server!.DiscoveryRequests);
            if (await server.FailAsync(context))
            {
                await Results.Text(
                    JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["issuer"] = server.Issuer,
                        ["jwks_uri"] = server.CertsUrl,
                        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    }), "application/json").ExecuteAsync(context);
            }
        });
        await app.StartAsync();
        server = new JwksServer(app, NewKey("key-1"));
        return server;
    }

    public void Publish(params RsaSecurityKey[] keys) => _published = keys;

    /// <returns>True to answer normally.</returns>
    private async Task<bool> FailAsync(HttpContext context)
    {
        switch (Fault)
        {
            case ProviderFault.Hang:
                await Task.WhenAny(_stopping.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
                context.Abort();
                return false;
            case ProviderFault.DropConnection:
                context.Abort();
                return false;
            default:
                return true;
        }
    }

    public string Token(string subject, string audience, RsaSecurityKey? key = null, string? issuer = null,
        DateTime? notBefore = null, DateTime? expires = null, IDictionary<string, object>? extraClaims = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("email", subject + "@example.test")]),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = (notBefore ?? now.AddMinutes(-1)),
            Expires = expires ?? now.AddMinutes(10),
            Claims = extraClaims,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with valid claims.</summary>
    public string UnsignedToken(string subject, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["nbf"] = now - 60,
            ["iat"] = now - 60,
            ["exp"] = now + 600,
        }));
        return $"{header}.{payload}.";
    }

    /// <summary>The key-confusion attack: HS256 with the RSA public key as the HMAC secret.</summary>
    public string Hs256WithPublicKey(string subject, string audience)
    {
        var publicKey = Key.Rsa.ExportSubjectPublicKeyInfoPem();
        var hmac = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(publicKey)) { KeyId = Key.KeyId };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256),
        });
    }

    public static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string JwksJson()
    {
        var keys = _published.Select(k =>
        {
            var p = k.Rsa.ExportParameters(false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["kid"] = k.KeyId,
                ["alg"] = "RS256",
                ["use"] = "sig",
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
        });
        return JsonSerializer.Serialize(new { keys });
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public enum ProviderFault
{
    None,
    Hang,
    DropConnection,
}
