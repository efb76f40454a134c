using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Endpoints;

/// <summary>Seals an Access token to the app's one-time key and state (<see cref="SignInHandOff"/>). Thread-safe.</summary>
internal static class SignInCode
{
    /// <summary>Reads <c>app_key</c>: base64url of an uncompressed point on P-256; null if it is not one.</summary>
    public static ECParameters? ParseAppKey(string text)
    {
        byte[] point;
        try
        {
            point = Base64UrlDecode(text);
        }
        catch (FormatException)
        {
            return null;
        }

        if (point.Length != SignInHandOff.PublicKeyLength || point[0] != 0x04)
        {
            return null;
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        };
        try
        {
            using var check = ECDiffieHellman.Create(parameters); // refuses a point that is not on the curve
            return parameters;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static string Seal(ECParameters appKey, string state, string token, DateTimeOffset now)
    {
        using var app = ECDiffieHellman.Create(appKey);
        using var server = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var appPoint = Point(app.ExportParameters(false));
        var serverPoint = Point(server.ExportParameters(false));
        var secret = server.DeriveRawSecretAgreement(app.PublicKey);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, [.. appPoint, .. serverPoint], Info(state));
        CryptographicOperations.ZeroMemory(secret);

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["token"] = token,
            ["expiresAt"] = (now + SignInHandOff.Lifetime).ToUnixTimeSeconds(),
        });
        var nonce = RandomNumberGenerator.GetBytes(SignInHandOff.NonceLength);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[SignInHandOff.TagLength];
        using (var aes = new AesGcm(key, SignInHandOff.TagLength))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(plaintext);
        return Base64UrlEncode([SignInHandOff.Version, .. serverPoint, .. nonce, .. ciphertext, .. tag]);
    }

    public static byte[] Info(string state) => [.. Encoding.ASCII.GetBytes(SignInHandOff.KeyInfo), 0, .. Encoding.ASCII.GetBytes(state)];

    private static byte[] Point(ECParameters parameters) => [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        if (text.Length > 200)
        {
            throw new FormatException("too long");
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
