using System.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// The original Dataans envelope for operations and small payloads:
/// <c>nonce(12) || AES-256-GCM(key, nonce, plaintext, no AAD) ciphertext || tag(16) || HMAC-SHA256(key, nonce || plaintext)</c>.
/// Stateless and thread-safe. Large files use <see cref="FileCipher"/> instead.
/// </summary>
internal static class Envelope
{
    /// <summary>AES-GCM nonce length.</summary>
    public const int NonceSize = 12;

    /// <summary>AES-GCM tag length.</summary>
    public const int TagSize = 16;

    /// <summary>HMAC-SHA256 length.</summary>
    public const int MacSize = 32;

    /// <summary>Bytes an envelope adds to its plaintext (60); also the shortest valid envelope.</summary>
    public const int Overhead = NonceSize + TagSize + MacSize;

    /// <summary>The envelope length for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int GetEncryptedLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return checked(plaintextLength + Overhead);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random nonce.</summary>
    public static byte[] Encrypt(EncryptionKey key, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return Encrypt(key, nonce, plaintext);
    }

    /// <summary>Encrypts with a caller-chosen nonce: test vectors only — a reused nonce breaks AES-GCM.</summary>
    internal static byte[] Encrypt(EncryptionKey key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"The nonce is exactly {NonceSize} bytes.", nameof(nonce));
        }

        var output = new byte[GetEncryptedLength(plaintext.Length)];
        var span = output.AsSpan();
        nonce.CopyTo(span);
        var ciphertext = span.Slice(NonceSize, plaintext.Length);
        var tag = span.Slice(NonceSize + plaintext.Length, TagSize);
        using (var aes = new AesGcm(key.Span, TagSize))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        ComputeMac(key, nonce, plaintext, span[^MacSize..]);
        return output;
    }

    /// <summary>Decrypts and verifies an envelope: both the GCM tag and the HMAC must match.</summary>
    /// <returns>The plaintext.</returns>
    /// <exception cref="EnvelopeAuthenticationException">
    /// The key is wrong, or the envelope is altered, truncated, extended or too short. No other
    /// exception is thrown for any input bytes.
    /// </exception>
    public static byte[] Decrypt(EncryptionKey key, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (envelope.Length < Overhead)
        {
            throw new EnvelopeAuthenticationException();
        }

        var nonce = envelope[..NonceSize];
        var plaintextLength = envelope.Length - Overhead;
        var ciphertext = envelope.Slice(NonceSize, plaintextLength);
        var tag = envelope.Slice(NonceSize + plaintextLength, TagSize);
        var mac = envelope[^MacSize..];
        var plaintext = new byte[plaintextLength];
        try
        {
            using var aes = new AesGcm(key.Span, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new EnvelopeAuthenticationException();
        }

        Span<byte> expectedMac = stackalloc byte[MacSize];
        ComputeMac(key, nonce, plaintext, expectedMac);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, mac))
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new EnvelopeAuthenticationException();
        }

        return plaintext;
    }

    private static void ComputeMac(EncryptionKey key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Span);
        hmac.AppendData(nonce);
        hmac.AppendData(plaintext);
        hmac.GetHashAndReset(destination);
    }
}
