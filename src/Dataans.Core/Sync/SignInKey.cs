using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

/// <summary>
/// The app's one-time key of a Cloudflare sign-in (<see cref="SignInHandOff"/>): its public half goes into
/// the sign-in link as <c>app_key</c>; only this instance can open the code the server's page seals to it
/// (with the same <c>state</c>). Used for one hand-off and disposed. Not thread-safe.
/// </summary>
internal sealed class SignInKey : IDisposable
{
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _publicPoint;

    public SignInKey()
    {
        var parameters = _key.ExportParameters(false);
        _publicPoint = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
    }

    /// <summary>The <c>app_key</c> parameter: base64url of the uncompressed public point.</summary>
    public string PublicKey => Base64Url.Encode(_publicPoint);

    /// <summary>Opens a code sealed to this key and <paramref name="state"/>; null when it is not one, or is past its time.</summary>
    public string? TryOpen(string code, string state, DateTimeOffset now)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.Decode(code);
        }
        catch (FormatException)
        {
            return null;
        }

        const int header = 1 + SignInHandOff.PublicKeyLength + SignInHandOff.NonceLength;
        if (bytes.Length < header + SignInHandOff.TagLength || bytes.Length > 64 * 1024 || bytes[0] != SignInHandOff.Version || bytes[1] != 0x04)
        {
            return null;
        }

        var serverPoint = bytes[1..(1 + SignInHandOff.PublicKeyLength)];
        var nonce = bytes[(1 + SignInHandOff.PublicKeyLength)..header];
        var ciphertext = bytes[header..^SignInHandOff.TagLength];
        var tag = bytes[^SignInHandOff.TagLength..];
        try
        {
            using var server = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = serverPoint[1..33], Y = serverPoint[33..] },
            });
            var secret = _key.DeriveRawSecretAgreement(server.PublicKey);
            var info = Encoding.ASCII.GetBytes(SignInHandOff.KeyInfo + "\0" + state);
            var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, [.. _publicPoint, .. serverPoint], info);
            CryptographicOperations.ZeroMemory(secret);
            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(key, SignInHandOff.TagLength))
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext);
            }

            CryptographicOperations.ZeroMemory(key);
            using var json = JsonDocument.Parse(plaintext);
            var token = json.RootElement.GetProperty("token").GetString();
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(json.RootElement.GetProperty("expiresAt").GetInt64());
            // The server's clock made expiresAt; allow it to run a few minutes apart from this one.
            return string.IsNullOrEmpty(token) || now > expiresAt + TimeSpan.FromMinutes(5) ? null : token;
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    public void Dispose() => _key.Dispose();

    private static class Base64Url
    {
        public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text)
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
        }
    }
}
