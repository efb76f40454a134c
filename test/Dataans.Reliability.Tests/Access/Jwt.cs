using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Builds JWTs byte by byte (header, payload, signature) so that every forgery an attacker could send
/// is possible: any header (kid, jku, jwk, alg), any claims, an RSA, HMAC or empty signature.
/// </summary>
internal static class Jwt
{
    /// <summary>As a header value: leave this header parameter out.</summary>
    public static readonly object Omit = new();

    /// <summary>Claims of a token that is valid for one minute before and ten minutes after now.</summary>
    public static Dictionary<string, object> Claims(string issuer, string audience, string subject, string email)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["email"] = email,
            ["iat"] = now - 60,
            ["nbf"] = now - 60,
            ["exp"] = now + 600,
        };
    }

    /// <summary>RS256 with <paramref name="key"/>; the header names the key's kid unless <paramref name="header"/> says otherwise.</summary>
    public static string Rs256(RsaSecurityKey key, IDictionary<string, object> claims, IDictionary<string, object>? header = null)
    {
        var head = new Dictionary<string, object>(StringComparer.Ordinal) { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = key.KeyId };
        Merge(head, header);
        return Sign(head, claims, data => key.Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>The key-confusion forgery: HS256 keyed with the issuer's public key (PEM), under the issuer's kid.</summary>
    public static string Hs256WithPublicKey(RsaSecurityKey key, IDictionary<string, object> claims)
    {
        var secret = Encoding.UTF8.GetBytes(key.Rsa.ExportSubjectPublicKeyInfoPem());
        var head = new Dictionary<string, object>(StringComparer.Ordinal) { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = key.KeyId! };
        return Sign(head, claims, data => HMACSHA256.HashData(secret, data));
    }

    /// <summary><c>alg: none</c> with an empty signature (and the issuer's kid, which must not help).</summary>
    public static string Unsigned(IDictionary<string, object> claims, string? kid) =>
        Sign(kid is null ? new() { ["alg"] = "none" } : new() { ["alg"] = "none", ["kid"] = kid }, claims, _ => []);

    /// <summary>The public half of <paramref name="key"/> as a JWK (for an embedded <c>jwk</c> header).</summary>
    public static Dictionary<string, string> PublicJwk(RsaSecurityKey key)
    {
        var p = key.Rsa.ExportParameters(false);
        return new(StringComparer.Ordinal)
        {
            ["kty"] = "RSA",
            ["kid"] = key.KeyId!,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
    }

    private static string Sign(Dictionary<string, object> header, IDictionary<string, object> claims, Func<byte[], byte[]> signer)
    {
        var signingInput = JwksServer.Base64Url(JsonSerializer.Serialize(header)) + "." + JwksServer.Base64Url(JsonSerializer.Serialize(claims));
        return signingInput + "." + Base64UrlEncoder.Encode(signer(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static void Merge(Dictionary<string, object> target, IDictionary<string, object>? extra)
    {
        foreach (var (name, value) in extra ?? new Dictionary<string, object>())
        {
            if (ReferenceEquals(value, Omit))
            {
                target.Remove(name);
            }
            else
            {
                target[name] = value;
            }
        }
    }
}
