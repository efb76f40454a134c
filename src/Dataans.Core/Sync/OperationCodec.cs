using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// Turns log records into what the server stores (id and time in clear, the record JSON in a
/// seed envelope, and as checksum the keyed checksum on v2 or the seed digest on v1) and back,
/// refusing anything that does not authenticate or whose clear fields disagree with its sealed
/// content. A reader accepts either checksum form: v1 writers (the original app included) and v2
/// writers from before the keyed checksum send the seed digest. Thread-safe.
/// </summary>
internal static class OperationCodec
{
    /// <summary>
    /// Seals a logged operation: its stored JSON goes into the envelope as it is, with the device that
    /// wrote it (id and current name) in the record's <c>device</c> field, which the original ignores; the
    /// checksum is keyed when <paramref name="keyed"/> (v2), else the seed digest (v1).
    /// </summary>
    public static PushOperation Encode(EncryptionKey key, OperationChecksum checksums, LoggedOperation logged, bool keyed) => new()
    {
        Id = logged.Id,
        CreatedAt = logged.CreatedAt,
        Data = Envelope.Encrypt(key, OperationJson.SerializeRecord(logged.Id, logged.CreatedAt, logged.OperationJson, logged.Device)),
        Checksum = checksums.AsStored(logged.Digest, keyed),
    };

    /// <returns>
    /// The record, or null with a reason fit for the user (no content) when it must be quarantined;
    /// <paramref name="keyed"/> tells which checksum form the server holds for it.
    /// </returns>
    public static OperationRecord? TryDecode(EncryptionKey key, OperationChecksum checksums, ReceivedOperation received, out string? reason, out bool keyed)
    {
        reason = null;
        keyed = false;
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

        if (checksums.Identify(OperationDigest.Compute(record), received.Checksum) is not { } form)
        {
            reason = "its checksum does not match its content";
            return null;
        }

        keyed = form;
        return record;
    }
}
