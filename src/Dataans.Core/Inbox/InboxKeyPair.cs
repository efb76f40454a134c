using System.Security.Cryptography;

namespace Dataans.Core.Inbox;

/// <summary>
/// The account's inbox key pair: ECDH on NIST P-256. The public half (65 bytes, uncompressed SEC1
/// <c>04 || X || Y</c>) is published on the server for anyone holding a capture link; the private half
/// leaves a device only inside the account's envelope (see <c>InboxKeyRecord</c>). Not thread-safe.
/// </summary>
internal sealed class InboxKeyPair : IDisposable
{
    /// <summary>Length of a raw public key.</summary>
    public const int PublicKeySize = 65;

    /// <summary>Length of a key id: the first bytes of SHA-256 of the raw public key.</summary>
    public const int KeyIdSize = 8;

    private readonly ECDiffieHellman _key;

    private InboxKeyPair(ECDiffieHellman key)
    {
        _key = key;
        PublicKey = ExportPublic(key);
        KeyId = KeyIdOf(PublicKey);
    }

    /// <summary>The raw public key (65 bytes).</summary>
    public byte[] PublicKey { get; }

    /// <summary>The 8-byte id every sealed item names its recipient key by.</summary>
    public byte[] KeyId { get; }

    internal ECDiffieHellman Key => _key;

    /// <summary>A new random key pair.</summary>
    public static InboxKeyPair Create() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>A key pair from its PKCS#8 private key.</summary>
    /// <exception cref="InboxFormatException">The bytes are not a P-256 private key.</exception>
    public static InboxKeyPair ImportPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length || key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new InboxFormatException("the inbox private key is not a P-256 key");
            }

            return new InboxKeyPair(key);
        }
        catch (CryptographicException exception)
        {
            key.Dispose();
            throw new InboxFormatException("the inbox private key cannot be read", exception);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The private key as PKCS#8 DER; keep it inside an envelope.</summary>
    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    public void Dispose() => _key.Dispose();

    /// <summary>The key id of a raw public key.</summary>
    public static byte[] KeyIdOf(ReadOnlySpan<byte> publicKey) => SHA256.HashData(publicKey)[..KeyIdSize];

    /// <summary>Reads a raw public key; the point must lie on the curve.</summary>
    /// <exception cref="InboxFormatException">The bytes are not an uncompressed P-256 point.</exception>
    public static ECDiffieHellman ImportPublic(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize || publicKey[0] != 0x04)
        {
            throw new InboxFormatException($"a public key is {PublicKeySize} bytes starting with 0x04");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[1..33].ToArray(), Y = publicKey[33..].ToArray() },
        };
        try
        {
            return ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException exception)
        {
            throw new InboxFormatException("the public key is not a point on P-256", exception);
        }
    }

    internal static byte[] ExportPublic(ECDiffieHellman key)
    {
        var q = key.ExportParameters(false).Q;
        var raw = new byte[PublicKeySize];
        raw[0] = 0x04;
        q.X!.CopyTo(raw, 1 + (32 - q.X!.Length));
        q.Y!.CopyTo(raw, 33 + (32 - q.Y!.Length));
        return raw;
    }

    /// <summary>A key pair from a raw private scalar (test vectors only).</summary>
    internal static InboxKeyPair FromPrivateScalar(ReadOnlySpan<byte> d)
    {
        var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d.ToArray() });
        return new InboxKeyPair(key);
    }
}
