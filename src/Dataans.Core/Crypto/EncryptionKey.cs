using System.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// The 32-byte key that encrypts everything a user syncs (see <see cref="KeyDerivation"/>).
/// Immutable and thread-safe. <see cref="ToString"/> never reveals the bytes, and equality is
/// compared in constant time.
/// </summary>
public sealed class EncryptionKey : IEquatable<EncryptionKey>
{
    /// <summary>The key length in bytes (AES-256 and HMAC-SHA256 use the same key).</summary>
    public const int Size = 32;

    private readonly byte[] _bytes;

    /// <summary>Copies <paramref name="bytes"/> into a new key.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 32 bytes long.</exception>
    public EncryptionKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"An encryption key is exactly {Size} bytes.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The raw key bytes, for the cipher primitives only. Never log them.</summary>
    internal ReadOnlySpan<byte> Span => _bytes;

    /// <summary>A copy of the raw key bytes (for example to store it in <c>profile.json</c>).</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <inheritdoc />
    public bool Equals(EncryptionKey? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EncryptionKey);

    /// <summary>A constant: a hash derived from the key bytes could leak them into logs or dumps.</summary>
    public override int GetHashCode() => Size;

    /// <summary>Returns a redacted placeholder, never the key.</summary>
    public override string ToString() => "EncryptionKey(redacted)";
}
