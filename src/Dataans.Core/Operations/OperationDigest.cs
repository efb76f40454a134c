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
    /// <summary>The digest length in bytes (SHA-256).</summary>
    public const int Size = 32;

    /// <summary>The seed digest of one record: what a server stores as its checksum and block hashes are built from.</summary>
    public static byte[] Compute(OperationRecord record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendGuid(hash, record.Id);
        AppendTimestamp(hash, record.CreatedAt);
        var operation = record.Operation;
        AppendString(hash, operation.Kind.ToString());
        operation.Accept(new PayloadHasher(hash));
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

    /// <summary>Hashes an operation's payload fields in the seed's order.</summary>
    private sealed class PayloadHasher(IncrementalHash hash) : IOperationVisitor<bool>
    {
        public bool Visit(CreateNote operation) => AppendNote(operation.Note);

        public bool Visit(UpdateNote operation) => AppendNote(operation.Note);

        public bool Visit(DeleteNote operation) => AppendId(operation.NoteId);

        public bool Visit(CreateFile operation) => AppendFile(operation.File);

        public bool Visit(DeleteFile operation) => AppendId(operation.FileId);

        public bool Visit(CreateSpace operation) => AppendSpace(operation.Space);

        public bool Visit(UpdateSpace operation) => AppendSpace(operation.Space);

        public bool Visit(DeleteSpace operation) => AppendId(operation.SpaceId);

        public bool Visit(SetNoteFiles operation)
        {
            AppendGuid(hash, operation.NoteId);
            foreach (var fileId in operation.FileIds)
            {
                AppendGuid(hash, fileId);
            }

            return true;
        }

        private bool AppendId(Guid id)
        {
            AppendGuid(hash, id);
            return true;
        }

        private bool AppendNote(NotePayload note)
        {
            AppendGuid(hash, note.Id);
            AppendString(hash, note.Text);
            AppendTimestamp(hash, note.CreatedAt);
            AppendTimestamp(hash, note.UpdatedAt);
            AppendGuid(hash, note.SpaceId);
            AppendBool(hash, note.IsDeleted);
            return true;
        }

        private bool AppendSpace(SpacePayload space)
        {
            AppendGuid(hash, space.Id);
            AppendString(hash, space.Name);
            AppendGuid(hash, space.AvatarId);
            AppendTimestamp(hash, space.CreatedAt);
            AppendTimestamp(hash, space.UpdatedAt);
            AppendBool(hash, space.IsDeleted);
            return true;
        }

        private bool AppendFile(FilePayload file)
        {
            AppendGuid(hash, file.Id);
            AppendString(hash, file.Name);
            AppendString(hash, file.Path);
            AppendTimestamp(hash, file.CreatedAt);
            AppendTimestamp(hash, file.UpdatedAt);
            AppendBool(hash, file.IsDeleted);
            return true;
        }
    }
}
