using System.Security.Cryptography;
using System.Text;

namespace Dataans.Core.Inbox;

/// <summary>
/// The sealed inbox item (docs/formats.md, "Sealed inbox item"), an HPKE-style construction from
/// primitives every browser's WebCrypto has: a fresh ephemeral ECDH P-256 key per item, HKDF-SHA-256
/// and AES-256-GCM.
/// <code>
/// header = "DAI" 0x01 (4) || item id (16, big-endian UUID) || recipient key id (8) || ephemeral public key (65)
/// sealed = header (93) || AES-256-GCM(key, nonce, padded content, aad = header) || tag (16)
/// Z = ECDH(ephemeral, recipient): the 32-byte x-coordinate
/// key (32) || nonce (12) = HKDF-SHA-256(ikm = Z, salt = "dataans-inbox-v1", info = ephemeral public || recipient public, 44 bytes)
/// </code>
/// Stateless and thread-safe.
/// </summary>
internal static class InboxSeal
{
    public const int HeaderSize = 4 + 16 + InboxKeyPair.KeyIdSize + InboxKeyPair.PublicKeySize;
    public const int TagSize = 16;
    public const int Overhead = HeaderSize + TagSize;

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private static readonly byte[] Magic = [(byte)'D', (byte)'A', (byte)'I', 0x01];
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("dataans-inbox-v1");

    /// <summary>Seals <paramref name="content"/> (already padded, see <see cref="CaptureContent"/>) for the holder of <paramref name="recipientPublicKey"/>.</summary>
    /// <exception cref="InboxFormatException">The public key is not a P-256 point.</exception>
    public static byte[] Seal(ReadOnlySpan<byte> recipientPublicKey, Guid itemId, ReadOnlySpan<byte> content)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Seal(recipientPublicKey, itemId, content, ephemeral);
    }

    /// <summary>Seals with a caller-chosen ephemeral key: test vectors only.</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> recipientPublicKey, Guid itemId, ReadOnlySpan<byte> content, ECDiffieHellman ephemeral)
    {
        using var recipient = InboxKeyPair.ImportPublic(recipientPublicKey);
        var ephemeralPublic = InboxKeyPair.ExportPublic(ephemeral);
        var output = new byte[checked(Overhead + content.Length)];
        var header = output.AsSpan(0, HeaderSize);
        WriteHeader(header, itemId, InboxKeyPair.KeyIdOf(recipientPublicKey), ephemeralPublic);
        var secret = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
        var (key, nonce) = DeriveKey(secret, ephemeralPublic, recipientPublicKey);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, content, output.AsSpan(HeaderSize, content.Length), output.AsSpan(HeaderSize + content.Length, TagSize), header);
        }

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(secret);
        return output;
    }

    /// <summary>The item id in a sealed item's header, or null when the bytes are not a sealed item.</summary>
    public static Guid? ReadItemId(ReadOnlySpan<byte> sealedItem) =>
        sealedItem.Length >= Overhead && sealedItem[..4].SequenceEqual(Magic)
            ? new Guid(sealedItem.Slice(4, 16), bigEndian: true)
            : null;

    /// <summary>The recipient key id in a sealed item's header (the caller checked <see cref="ReadItemId"/>).</summary>
    public static ReadOnlySpan<byte> ReadKeyId(ReadOnlySpan<byte> sealedItem) => sealedItem.Slice(20, InboxKeyPair.KeyIdSize);

    /// <summary>Opens a sealed item.</summary>
    /// <returns>The item id from the header and the padded content.</returns>
    /// <exception cref="InboxFormatException">Not a sealed item, sealed for another key, or altered.</exception>
    public static (Guid ItemId, byte[] Content) Open(InboxKeyPair recipient, ReadOnlySpan<byte> sealedItem)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (ReadItemId(sealedItem) is not { } itemId)
        {
            throw new InboxFormatException("the bytes are not a sealed inbox item (version 1)");
        }

        if (!ReadKeyId(sealedItem).SequenceEqual(recipient.KeyId))
        {
            throw new InboxFormatException("the item was sealed for another inbox key");
        }

        var header = sealedItem[..HeaderSize];
        var ephemeralPublic = header[(4 + 16 + InboxKeyPair.KeyIdSize)..];
        using var ephemeral = InboxKeyPair.ImportPublic(ephemeralPublic);
        var secret = recipient.Key.DeriveRawSecretAgreement(ephemeral.PublicKey);
        var (key, nonce) = DeriveKey(secret, ephemeralPublic, recipient.PublicKey);
        var length = sealedItem.Length - Overhead;
        var content = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, sealedItem.Slice(HeaderSize, length), sealedItem[^TagSize..], content, header);
        }
        catch (CryptographicException exception)
        {
            throw new InboxFormatException("the item fails authentication (altered or sealed for another key)", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(secret);
        }

        return (itemId, content);
    }

    private static void WriteHeader(Span<byte> header, Guid itemId, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> ephemeralPublic)
    {
        Magic.CopyTo(header);
        itemId.TryWriteBytes(header.Slice(4, 16), bigEndian: true, out _);
        keyId.CopyTo(header.Slice(20, InboxKeyPair.KeyIdSize));
        ephemeralPublic.CopyTo(header[(20 + InboxKeyPair.KeyIdSize)..]);
    }

    private static (byte[] Key, byte[] Nonce) DeriveKey(byte[] secret, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> recipientPublic)
    {
        Span<byte> info = stackalloc byte[2 * InboxKeyPair.PublicKeySize];
        ephemeralPublic.CopyTo(info);
        recipientPublic.CopyTo(info[InboxKeyPair.PublicKeySize..]);
        var okm = new byte[KeySize + NonceSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, okm, Salt, info);
        var result = (okm[..KeySize], okm[KeySize..]);
        CryptographicOperations.ZeroMemory(okm);
        return result;
    }
}
