using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;

namespace Dataans.Core.Sync;

/// <summary>
/// Turns log records into what the server stores (id and time in clear, the record JSON in a
/// seed envelope, the seed digest as checksum) and back, refusing anything that does not
/// authenticate or whose clear fields disagree with its sealed content. Thread-safe.
/// </summary>
internal static class OperationCodec
{
    public static PushOperation Encode(EncryptionKey key, OperationRecord record, byte[] digest) => new()
    {
        Id = record.Id,
        CreatedAt = record.CreatedAt,
        Data = Envelope.Encrypt(key, OperationJson.SerializeRecord(record)),
        Checksum = digest,
    };

    /// <returns>The record, or null with a reason fit for the user (no content) when it must be quarantined.</returns>
    public static OperationRecord? TryDecode(EncryptionKey key, Guid id, Timestamp createdAt, byte[] data, byte[] checksum, out string? reason)
    {
        reason = null;
        byte[] plaintext;
        try
        {
            plaintext = Envelope.Decrypt(key, data);
        }
        catch (EnvelopeAuthenticationException)
        {
            reason = "it cannot be decrypted: wrong key or altered data";
            return null;
        }

        OperationRecord record;
        try
        {
            record = OperationJson.DeserializeRecord(plaintext);
        }
        catch (OperationFormatException exception)
        {
            reason = "it is not a valid operation: " + exception.Message;
            return null;
        }

        if (record.Id != id || record.CreatedAt != createdAt)
        {
            reason = "its id or time in clear disagrees with its encrypted content";
            return null;
        }

        if (!OperationDigest.Compute(record).AsSpan().SequenceEqual(checksum))
        {
            reason = "its checksum does not match its content";
            return null;
        }

        return record;
    }
}
