
namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Every credential a mode must refuse with 401: missing, malformed, the wrong scheme, the right secret
/// in the wrong place, a revoked token, and for JWT modes each way a token can be forged or stale.
/// </summary>
internal static class BadCredentials
{
    /// <param name="user">The user the forgeries claim to be (a real, signed-in user of the server).</param>
    /// <param name="secret">That user's valid token or JWT, for the wrong-place and wrong-scheme cases.</param>
    public static async Task<IReadOnlyList<Credential>> ForAsync(ModeServer server, JwksServer stranger, string user, string secret) =>
        server.Mode == AccessMode.Token ? await ForTokenAsync(server, stranger, user, secret) : ForJwt(server, stranger, user, secret);

    private static async Task<IReadOnlyList<Credential>> ForTokenAsync(ModeServer server, JwksServer stranger, string user, string secret)
    {
        var removed = await server.Server.AddUserAsync(user + "-removed");
        var (code, _, stderr) = await server.Server.AdminAsync(["user", "remove", user + "-removed"]);
        Assert.True(code == 0, stderr);
        return
        [
            Credential.None,
            Credential.Header("empty Authorization", "Authorization", ""),
            Credential.Header("Bearer without a token", "Authorization", "Bearer "),
            Credential.Bearer("malformed token", "not a token at all"),
            Credential.Bearer("unknown well-formed token", "dst_" + new string('A', 43)),
            Credential.Bearer("token with one character changed", secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')),
            Credential.Bearer("token with a suffix", secret + "x"),
            Credential.Bearer("removed user's token", removed),
            Credential.Bearer("over-long header", secret + new string('x', 600)),
            Credential.Basic("wrong scheme (Basic user:token)", user, secret),
            Credential.Header("wrong scheme (Token)", "Authorization", "Token " + secret),
            Credential.Header("no scheme", "Authorization", secret),
            Credential.Header("token in Cf-Access-Jwt-Assertion", "Cf-Access-Jwt-Assertion", secret),
            Credential.Cookie("token in CF_Authorization cookie", "CF_Authorization", secret),
            Credential.Query("token in ?access_token", "access_token", secret),
            Credential.Bearer("a JWT from a trusted-elsewhere issuer", Jwt.Rs256(server.Idp.Key, server.Claims(user))),
            Credential.Bearer("a JWT from a stranger", Jwt.Rs256(stranger.Key, Jwt.Claims(stranger.Issuer, "any", user, user))),
        ];
    }

    private static List<Credential> ForJwt(ModeServer server, JwksServer stranger, string user, string secret)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claim = server.Mode == AccessMode.Cloudflare ? "email" : "sub";
        Dictionary<string, object> Claims(Action<Dictionary<string, object>> edit)
        {
            var claims = server.Claims(user);
            edit(claims);
            return claims;
        }

        Credential Signed(string name, Action<Dictionary<string, object>> edit) => server.PlaceJwt(name, Jwt.Rs256(server.Idp.Key, Claims(edit)));
        var strangerClaims = Jwt.Claims(stranger.Issuer, server.Audience, user, ModeServer.Email(user));
        List<Credential> bad =
        [
            Credential.None,
            server.PlaceJwt("empty", ""),
            server.PlaceJwt("malformed", "not.a.jwt"),
            server.PlaceJwt("one segment", "abc"),
            server.PlaceJwt("signature stripped", secret[..(secret.LastIndexOf('.') + 1)]),
            server.PlaceJwt("payload swapped", SwapPayload(secret, Jwt.Rs256(server.Idp.Key, Claims(c => c[claim] = "someone-else")))),
            server.PlaceJwt("bad signature", Jwt.Rs256(JwksServer.NewKey(server.Idp.Key.KeyId!), server.Claims(user))),
            server.PlaceJwt("unknown kid", Jwt.Rs256(JwksServer.NewKey("unknown-kid"), server.Claims(user))),
            server.PlaceJwt("no kid, unknown key", Jwt.Rs256(JwksServer.NewKey("x"), server.Claims(user), new Dictionary<string, object> { ["kid"] = Jwt.Omit })),
            server.PlaceJwt("alg none", Jwt.Unsigned(server.Claims(user), null)),
            server.PlaceJwt("alg none with the issuer's kid", Jwt.Unsigned(server.Claims(user), server.Idp.Key.KeyId)),
            server.PlaceJwt("HS256 keyed with the RSA public key", Jwt.Hs256WithPublicKey(server.Idp.Key, server.Claims(user))),
            server.PlaceJwt("jku pointing at a stranger's keys", Jwt.Rs256(stranger.Key, server.Claims(user),
                new Dictionary<string, object> { ["jku"] = stranger.CertsUrl, ["kid"] = "stranger-key" })),
            server.PlaceJwt("embedded jwk of a stranger's key", Jwt.Rs256(stranger.Key, server.Claims(user),
                new Dictionary<string, object> { ["jwk"] = Jwt.PublicJwk(stranger.Key), ["kid"] = "stranger-key" })),
            Signed("expired", c => (c["nbf"], c["exp"]) = (now - 3600, now - 600)),
            Signed("nbf in the future", c => (c["nbf"], c["exp"]) = (now + 600, now + 3600)),
            Signed("no exp", c => c.Remove("exp")),
            Signed("wrong aud", c => c["aud"] = "another-app"),
            Signed("no aud", c => c.Remove("aud")),
            Signed("wrong iss", c => c["iss"] = stranger.Issuer),
            Signed("no iss", c => c.Remove("iss")),
            Signed($"missing user claim ({claim})", c => c.Remove(claim)),
            Signed($"empty user claim ({claim})", c => c[claim] = ""),
            Signed($"over-long user claim ({claim})", c => c[claim] = new string('u', 300)),
            server.PlaceJwt("valid at another issuer (same user, same aud)", Jwt.Rs256(stranger.Key, strangerClaims)),
            Credential.Basic("wrong scheme (Basic)", user, secret),
            Credential.Header("wrong scheme (Token)", "Authorization", "Token " + secret),
            Credential.Query("JWT in ?access_token", "access_token", secret),
        ];
        if (server.Mode == AccessMode.Cloudflare)
        {
            bad.Add(Credential.Bearer("Cloudflare JWT as a bearer token", secret));
            bad.Add(Credential.Header("Bearer prefix in the Cloudflare header", "Cf-Access-Jwt-Assertion", "Bearer " + secret));
            bad.Add(server.PlaceJwt("forged header", "not.a.jwt").And(Credential.Cookie("valid cookie", "CF_Authorization", secret)));
        }
        else
        {
            bad.Add(Credential.Header("OIDC JWT in Cf-Access-Jwt-Assertion", "Cf-Access-Jwt-Assertion", secret));
            bad.Add(Credential.Cookie("OIDC JWT in CF_Authorization cookie", "CF_Authorization", secret));
        }

        return bad;
    }

    /// <summary>The header and signature of <paramref name="signed"/> around the payload of <paramref name="other"/>.</summary>
    private static string SwapPayload(string signed, string other)
    {
        var a = signed.Split('.');
        return $"{a[0]}.{other.Split('.')[1]}.{a[2]}";
    }
}
