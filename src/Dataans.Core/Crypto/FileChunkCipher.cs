using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// Seals and opens single chunks of one encrypted file stream (the STREAM construction).
/// File key = HKDF-SHA256(ikm = key, salt = empty, info = "dataans-file-stream-v1" || file id, 32 bytes);
/// nonce = prefix(7) || chunk index (u32 BE) || last flag (0x00 / 0x01);
/// associated data = header(20) || file id(16, RFC 4122 byte order) || chunk index (u64 BE).
/// Not thread-safe: one instance per encryption or decryption.
/// </summary>
internal sealed class FileChunkCipher : IDisposable
{
    private const int FileIdSize = 16;
    private const int AssociatedDataSize = FileCipherHeader.Size + FileIdSize + sizeof(ulong);
    private const int NonceSize = 12;

    private readonly AesGcm _aes;
    private readonly byte[] _noncePrefix;
    private readonly byte[] _associatedData = new byte[AssociatedDataSize];

    public FileChunkCipher(EncryptionKey key, Guid fileId, FileCipherHeader header)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(header);
        Span<byte> fileIdBytes = stackalloc byte[FileIdSize];
        fileId.TryWriteBytes(fileIdBytes, bigEndian: true, out _);

        Span<byte> fileKey = stackalloc byte[EncryptionKey.Size];
        Span<byte> info = stackalloc byte[KeyInfoLabel.Length + FileIdSize];
        KeyInfoLabel.CopyTo(info);
        fileIdBytes.CopyTo(info[KeyInfoLabel.Length..]);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Span, fileKey, salt: [], info);
        _aes = new AesGcm(fileKey, FileCipherLayout.TagSize);
        CryptographicOperations.ZeroMemory(fileKey);

        _noncePrefix = header.NoncePrefix.ToArray();
        header.WriteTo(_associatedData);
        fileIdBytes.CopyTo(_associatedData.AsSpan(FileCipherHeader.Size));
    }

    /// <summary>The HKDF info label that separates file keys from the envelope key.</summary>
    public static ReadOnlySpan<byte> KeyInfoLabel => "dataans-file-stream-v1"u8;

    /// <summary>Encrypts one chunk into <paramref name="destination"/> (plaintext length + 16 bytes).</summary>
    public void Seal(long index, bool last, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Prepare(index, last, nonce);
        _aes.Encrypt(
            nonce,
            plaintext,
            destination[..plaintext.Length],
            destination.Slice(plaintext.Length, FileCipherLayout.TagSize),
            _associatedData);
    }

    /// <summary>Decrypts one sealed chunk; <see langword="false"/> (and a zeroed destination) if it does not authenticate.</summary>
    public bool TryOpen(long index, bool last, ReadOnlySpan<byte> sealedChunk, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Prepare(index, last, nonce);
        var length = sealedChunk.Length - FileCipherLayout.TagSize;
        try
        {
            _aes.Decrypt(nonce, sealedChunk[..length], sealedChunk[length..], destination[..length], _associatedData);
            return true;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(destination[..length]);
            return false;
        }
    }

    public void Dispose() => _aes.Dispose();

    private void Prepare(long index, bool last, Span<byte> nonce)
    {
        if ((ulong)index >= (ulong)FileCipherLayout.MaxChunkCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "The chunk index does not fit the 32-bit nonce counter.");
        }

        _noncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[FileCipherHeader.NoncePrefixSize..], (uint)index);
        nonce[^1] = last ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64BigEndian(_associatedData.AsSpan(FileCipherHeader.Size + FileIdSize), (ulong)index);
    }
}
