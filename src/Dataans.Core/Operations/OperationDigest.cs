using System.Buffers;
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
        // The fields are gathered in one buffer and hashed in one call: cheaper than an incremental hash per record.
        var input = new ArrayBufferWriter<byte>(512);
        AppendGuid(input, record.Id);
        AppendTimestamp(input, record.CreatedAt);
        var operation = record.Operation;
        AppendString(input, operation.Kind.ToString());
        operation.Accept(new PayloadHasher(input));
        return SHA256.HashData(input.WrittenSpan);
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

    private static void AppendGuid(ArrayBufferWriter<byte> input, Guid id)
    {
        id.TryWriteBytes(input.GetSpan(16), bigEndian: true, out _);
        input.Advance(16);
    }

    private static void AppendTimestamp(ArrayBufferWriter<byte> input, Timestamp timestamp)
    {
        BinaryPrimitives.WriteInt128BigEndian(input.GetSpan(16), timestamp.UnixNanoseconds);
        input.Advance(16);
    }

    private static void AppendString(ArrayBufferWriter<byte> input, string text) =>
        input.Advance(Encoding.UTF8.GetBytes(text, input.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));

    private static void AppendBool(ArrayBufferWriter<byte> input, bool value)
    {
        input.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        input.Advance(1);
    }

    /// <summary>Hashes an operation's payload fields in the seed's order.</summary>
    private sealed class PayloadHasher(ArrayBufferWriter<byte> input) : IOperationVisitor<bool>
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
            AppendGuid(input, operation.NoteId);
            foreach (var fileId in operation.FileIds)
            {
                AppendGuid(input, fileId);
            }

            return true;
        }

        private bool AppendId(Guid id)
        {
            AppendGuid(input, id);
            return true;
        }

        private bool AppendNote(NotePayload note)
        {
            AppendGuid(input, note.Id);
            AppendString(input, note.Text);
            AppendTimestamp(input, note.CreatedAt);
            AppendTimestamp(input, note.UpdatedAt);
            AppendGuid(input, note.SpaceId);
            AppendBool(input, note.IsDeleted);
            return true;
        }

        private bool AppendSpace(SpacePayload space)
        {
            AppendGuid(input, space.Id);
            AppendString(input, space.Name);
            AppendGuid(input, space.AvatarId);
            AppendTimestamp(input, space.CreatedAt);
            AppendTimestamp(input, space.UpdatedAt);
            AppendBool(input, space.IsDeleted);
            return true;
        }

        private bool AppendFile(FilePayload file)
        {
            AppendGuid(input, file.Id);
            AppendString(input, file.Name);
            AppendString(input, file.Path);
            AppendTimestamp(input, file.CreatedAt);
            AppendTimestamp(input, file.UpdatedAt);
            AppendBool(input, file.IsDeleted);
            return true;
        }
    }
}
