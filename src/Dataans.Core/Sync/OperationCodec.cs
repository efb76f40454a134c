using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// Turns log records into what the server stores (id and time in clear, the record JSON in a
/// seed envelope, the seed digest as checksum) and back, refusing anything that does not
/// authenticate or whose clear fields disagree with its sealed content. Thread-safe.
/// </summary>
internal static class OperationCodec
{
    /// <summary>
    /// Seals a logged operation: its stored JSON goes into the envelope as it is, with the device that
    /// wrote it (id and current name) in the record's <c>device</c> field, which the original ignores.
    /// </summary>
    public static PushOperation Encode(EncryptionKey key, LoggedOperation logged) => new()
    {
        Id = logged.Id,
        CreatedAt = logged.CreatedAt,
        Data = Envelope.Encrypt(key, OperationJson.SerializeRecord(logged.Id, logged.CreatedAt, logged.OperationJson, logged.Device)),
        Checksum = logged.Digest,
    };

    /// <returns>The record, or null with a reason fit for the user (no content) when it must be quarantined.</returns>
    public static OperationRecord? TryDecode(EncryptionKey key, ReceivedOperation received, out string? reason)
    {
        reason = null;
        byte[] plaintext;
        try
        {
            plaintext = Envelope.Decrypt(key, received.Data);
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

        if (record.Id != received.Id || record.CreatedAt != received.CreatedAt)
        {
            reason = "its id or time in clear disagrees with its encrypted content";
            return null;
        }

        if (!OperationDigest.Compute(record).AsSpan().SequenceEqual(received.Checksum))
        {
            reason = "its checksum does not match its content";
            return null;
        }

        return record;
    }
}
