using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Operations;

/// <summary>
/// The seed's operation digest: SHA-256 over the record's fields concatenated with no separators
/// (UUIDs as 16 big-endian bytes, strings as UTF-8, booleans as one byte, times as a 16-byte
/// big-endian two's-complement count of unix nanoseconds). Additive fields are not hashed. Thread-safe.
/// </summary>
public static class OperationDigest
{
    public const int Size = 32;

    public static byte[] Compute(OperationRecord record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendGuid(hash, record.Id);
        AppendTimestamp(hash, record.CreatedAt);
        var operation = record.Operation;
        AppendString(hash, operation.Kind.ToString());
        switch (operation)
        {
            case CreateNote create:
                AppendNote(hash, create.Note);
                break;
            case UpdateNote update:
                AppendNote(hash, update.Note);
                break;
            case CreateSpace create:
                AppendSpace(hash, create.Space);
                break;
            case UpdateSpace update:
                AppendSpace(hash, update.Space);
                break;
            case CreateFile create:
                AppendFile(hash, create.File);
                break;
            case DeleteNote or DeleteFile or DeleteSpace:
                AppendGuid(hash, operation.ObjectId);
                break;
            case SetNoteFiles set:
                AppendGuid(hash, set.NoteId);
                foreach (var fileId in set.FileIds)
                {
                    AppendGuid(hash, fileId);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(record), operation.Kind, "Unknown operation kind.");
        }

        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256 of the concatenated digests: the seed's block hash.</summary>
    public static byte[] BlockHash(IEnumerable<byte[]> digests)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var digest in digests)
        {
            hash.AppendData(digest);
        }

        return hash.GetHashAndReset();
    }

    private static void AppendNote(IncrementalHash hash, NotePayload note)
    {
        AppendGuid(hash, note.Id);
        AppendString(hash, note.Text);
        AppendTimestamp(hash, note.CreatedAt);
        AppendTimestamp(hash, note.UpdatedAt);
        AppendGuid(hash, note.SpaceId);
        AppendBool(hash, note.IsDeleted);
    }

    private static void AppendSpace(IncrementalHash hash, SpacePayload space)
    {
        AppendGuid(hash, space.Id);
        AppendString(hash, space.Name);
        AppendGuid(hash, space.AvatarId);
        AppendTimestamp(hash, space.CreatedAt);
        AppendTimestamp(hash, space.UpdatedAt);
        AppendBool(hash, space.IsDeleted);
    }

    private static void AppendFile(IncrementalHash hash, FilePayload file)
    {
        AppendGuid(hash, file.Id);
        AppendString(hash, file.Name);
        AppendString(hash, file.Path);
        AppendTimestamp(hash, file.CreatedAt);
        AppendTimestamp(hash, file.UpdatedAt);
        AppendBool(hash, file.IsDeleted);
    }

    private static void AppendGuid(IncrementalHash hash, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        hash.AppendData(bytes);
    }

    private static void AppendTimestamp(IncrementalHash hash, Timestamp timestamp)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(bytes, timestamp.UnixNanoseconds);
        hash.AppendData(bytes);
    }

    private static void AppendString(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));

    private static void AppendBool(IncrementalHash hash, bool value) => hash.AppendData([value ? (byte)1 : (byte)0]);
}
