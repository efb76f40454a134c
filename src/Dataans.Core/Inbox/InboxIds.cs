using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dataans.Core.Inbox;

/// <summary>
/// Ids derived from what every device sees the same way, so that devices delivering the same sealed
/// item write the same objects and the same operations (the server keeps one copy of each) instead of
/// two notes: <c>uuid(label, parts) = SHA-256("dataans-inbox " + label || parts)[0..16]</c> with the
/// RFC 9562 version 8 and variant bits set. Thread-safe (stateless).
/// </summary>
internal static class InboxIds
{
    /// <summary>The note a sealed item becomes: from the item id and the SHA-256 of its sealed bytes.</summary>
    public static Guid Note(Guid itemId, ReadOnlySpan<byte> itemDigest) => Derive("note", ItemParts(itemId, itemDigest, null));

    /// <summary>The <paramref name="index"/>-th attached file of that note.</summary>
    public static Guid File(Guid itemId, ReadOnlySpan<byte> itemDigest, int index) => Derive("file", ItemParts(itemId, itemDigest, index));

    /// <summary>The account's default "Inbox" space: from the inbox public key.</summary>
    public static Guid Space(ReadOnlySpan<byte> publicKey) => Derive("space", publicKey);

    /// <summary>The generated avatar of that space.</summary>
    public static Guid SpaceAvatar(ReadOnlySpan<byte> publicKey) => Derive("avatar", publicKey);

    /// <summary>An operation's id from its time and its operation JSON: the same operation gets the same id on every device.</summary>
    public static Guid Operation(long createdAtUnixNanoseconds, string operationJson)
    {
        var json = Encoding.UTF8.GetBytes(operationJson);
        var parts = new byte[8 + json.Length];
        BinaryPrimitives.WriteInt64BigEndian(parts, createdAtUnixNanoseconds);
        json.CopyTo(parts, 8);
        return Derive("operation", parts);
    }

    public static Guid Derive(string label, ReadOnlySpan<byte> parts)
    {
        var prefix = Encoding.ASCII.GetBytes("dataans-inbox " + label);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        hash.AppendData(parts);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        digest[6] = (byte)((digest[6] & 0x0F) | 0x80);
        digest[8] = (byte)((digest[8] & 0x3F) | 0x80);
        return new Guid(digest[..16], bigEndian: true);
    }

    private static byte[] ItemParts(Guid itemId, ReadOnlySpan<byte> itemDigest, int? index)
    {
        var parts = new byte[16 + itemDigest.Length + (index is null ? 0 : 4)];
        itemId.TryWriteBytes(parts, bigEndian: true, out _);
        itemDigest.CopyTo(parts.AsSpan(16));
        if (index is { } i)
        {
            BinaryPrimitives.WriteInt32BigEndian(parts.AsSpan(16 + itemDigest.Length), i);
        }

        return parts;
    }
}
