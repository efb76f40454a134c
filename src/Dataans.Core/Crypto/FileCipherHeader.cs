using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// The 20-byte clear header of an encrypted file stream (see <c>docs/formats.md</c>):
/// magic <c>"DATAANS"</c>, version, chunk size (u32 big-endian), 7-byte nonce prefix and a
/// reserved zero byte. It is authenticated as part of every chunk's associated data.
/// Immutable and thread-safe.
/// </summary>
internal sealed class FileCipherHeader
{
    /// <summary>The header length in bytes.</summary>
    public const int Size = 20;

    /// <summary>The only format version this code reads and writes.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The nonce prefix length; with a 4-byte counter and a 1-byte flag it makes the 12-byte nonce.</summary>
    public const int NoncePrefixSize = 7;

    /// <summary>The chunk size used unless a caller chooses another: 64 KiB.</summary>
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>The largest allowed chunk size (16 MiB), which bounds decryption memory.</summary>
    public const int MaxChunkSize = 16 * 1024 * 1024;

    private readonly byte[] _noncePrefix;

    private FileCipherHeader(int chunkSize, ReadOnlySpan<byte> noncePrefix)
    {
        ChunkSize = chunkSize;
        _noncePrefix = noncePrefix.ToArray();
    }

    /// <summary>The magic bytes, ASCII <c>DATAANS</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "DATAANS"u8;

    /// <summary>Plaintext bytes per chunk (every chunk but the last is full).</summary>
    public int ChunkSize { get; }

    /// <summary>The per-stream nonce prefix (content-derived for uploads, random otherwise).</summary>
    public ReadOnlySpan<byte> NoncePrefix => _noncePrefix;

    /// <summary>A header with a fresh random nonce prefix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chunk size is outside 1 .. <see cref="MaxChunkSize"/>.</exception>
    public static FileCipherHeader Create(int chunkSize = DefaultChunkSize)
    {
        Span<byte> prefix = stackalloc byte[NoncePrefixSize];
        RandomNumberGenerator.Fill(prefix);
        return Create(chunkSize, prefix);
    }

    /// <summary>
    /// A header whose nonce prefix is derived from the key, the file id and the SHA-256 of the plaintext:
    /// HKDF-SHA256(IKM = key, salt = content hash, info = "dataans-file-nonce-v1" ‖ file id, 7 bytes).
    /// Devices holding the same file produce the same ciphertext, so two of them uploading it at once
    /// append identical bytes; different contents under one id still get different nonces.
    /// </summary>
    /// <exception cref="ArgumentException">The content hash is not 32 bytes.</exception>
    public static FileCipherHeader ForContent(EncryptionKey key, Guid fileId, ReadOnlySpan<byte> contentSha256, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (contentSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("The content hash is a 32-byte SHA-256.", nameof(contentSha256));
        }

        Span<byte> info = stackalloc byte[NonceInfoLabel.Length + 16];
        NonceInfoLabel.CopyTo(info);
        fileId.TryWriteBytes(info[NonceInfoLabel.Length..], bigEndian: true, out _);
        Span<byte> prefix = stackalloc byte[NoncePrefixSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Span, prefix, contentSha256, info);
        return Create(chunkSize, prefix);
    }

    /// <summary>The HKDF info label of content-derived nonce prefixes.</summary>
    public static ReadOnlySpan<byte> NonceInfoLabel => "dataans-file-nonce-v1"u8;

    /// <summary>A header with a caller-chosen nonce prefix: test vectors only.</summary>
    internal static FileCipherHeader Create(int chunkSize, ReadOnlySpan<byte> noncePrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, MaxChunkSize);
        if (noncePrefix.Length != NoncePrefixSize)
        {
            throw new ArgumentException($"The nonce prefix is exactly {NoncePrefixSize} bytes.", nameof(noncePrefix));
        }

        return new FileCipherHeader(chunkSize, noncePrefix);
    }

    /// <summary>Parses and checks a header.</summary>
    /// <exception cref="EnvelopeAuthenticationException">
    /// The bytes are too short, lack the magic, name an unknown version or carry an impossible chunk size.
    /// </exception>
    public static FileCipherHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new EnvelopeAuthenticationException("not a Dataans encrypted file");
        }

        if (bytes[7] != CurrentVersion)
        {
            throw new EnvelopeAuthenticationException($"unsupported encrypted file version {bytes[7]}");
        }

        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..12]);
        if (chunkSize is < 1 or > MaxChunkSize || bytes[19] != 0)
        {
            throw new EnvelopeAuthenticationException("malformed encrypted file header");
        }

        return new FileCipherHeader((int)chunkSize, bytes.Slice(12, NoncePrefixSize));
    }

    /// <summary>Writes the 20 header bytes to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size);
        Magic.CopyTo(destination);
        destination[7] = CurrentVersion;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..12], (uint)ChunkSize);
        _noncePrefix.CopyTo(destination[12..19]);
        destination[19] = 0;
    }

    /// <summary>The 20 header bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
