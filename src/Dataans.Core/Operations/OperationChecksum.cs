using System.Security.Cryptography;
using Dataans.Contracts.Operations;
using Dataans.Core.Crypto;

namespace Dataans.Core.Operations;

/// <summary>
/// The checksum a v2 writer sends beside each operation: a keyed digest that only holders of the
/// user's key can compute, so the server cannot confirm guesses of a record's fields (a file name
/// beside a file id it knows). checksum = HMAC-SHA256(subkey, seed digest), where
/// subkey = HKDF-SHA256(ikm = key, salt = empty, info = "dataans-operation-checksum-v2", 32 bytes)
/// and the seed digest is <see cref="OperationDigest.Compute"/>. Every device derives the same subkey
/// from the same key. v1 keeps the seed digest itself. Immutable and thread-safe.
/// </summary>
public sealed class OperationChecksum
{
    private readonly byte[] _subkey;

    /// <summary>Derives the checksum subkey of <paramref name="key"/>.</summary>
    public OperationChecksum(EncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _subkey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Span.ToArray(), EncryptionKey.Size, salt: [], info: SubkeyInfoLabel.ToArray());
    }

    /// <summary>The HKDF info label that separates the checksum subkey from the envelope and file keys.</summary>
    public static ReadOnlySpan<byte> SubkeyInfoLabel => "dataans-operation-checksum-v2"u8;

    /// <summary>The keyed checksum of a record whose seed digest is <paramref name="seedDigest"/>.</summary>
    public byte[] FromSeedDigest(ReadOnlySpan<byte> seedDigest) => HMACSHA256.HashData(_subkey, seedDigest);

    /// <summary>The keyed checksum of <paramref name="record"/>.</summary>
    public byte[] Compute(OperationRecord record) => FromSeedDigest(OperationDigest.Compute(record));

    /// <summary>What a server holds for an operation: the keyed checksum, or the seed digest itself.</summary>
    public byte[] AsStored(byte[] seedDigest, bool keyed) => keyed ? FromSeedDigest(seedDigest) : seedDigest;

    /// <summary>
    /// Which form <paramref name="checksum"/> has for a record whose seed digest is
    /// <paramref name="seedDigest"/>: keyed (true), the seed digest (false), or neither (null).
    /// </summary>
    public bool? Identify(ReadOnlySpan<byte> seedDigest, ReadOnlySpan<byte> checksum)
    {
        if (checksum.SequenceEqual(seedDigest))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(FromSeedDigest(seedDigest), checksum) ? true : null;
    }
}
