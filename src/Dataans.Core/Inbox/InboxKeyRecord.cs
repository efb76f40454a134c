using System.Text.Json;
using System.Text.Json.Serialization;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;

namespace Dataans.Core.Inbox;

/// <summary>
/// The inbox key as the server keeps it: the raw public key in clear, the PKCS#8 private key in the
/// account's envelope (the one operations use), and the account's inbox settings in an envelope too.
/// Thread-safe (stateless).
/// </summary>
internal static class InboxKeyRecord
{
    public static InboxKey Seal(EncryptionKey accountKey, InboxKeyPair pair) => new()
    {
        PublicKey = pair.PublicKey,
        SealedPrivateKey = Envelope.Encrypt(accountKey, pair.ExportPkcs8()),
    };

    /// <summary>Opens the private key and checks that it belongs to the published public key.</summary>
    /// <exception cref="InboxFormatException">Sealed under another account key, altered, or not a matching key pair.</exception>
    public static InboxKeyPair Open(EncryptionKey accountKey, InboxKey key)
    {
        byte[] pkcs8;
        try
        {
            pkcs8 = Envelope.Decrypt(accountKey, key.SealedPrivateKey);
        }
        catch (EnvelopeAuthenticationException exception)
        {
            throw new InboxFormatException("the inbox key on the server was sealed with another account key or altered", exception);
        }

        var pair = InboxKeyPair.ImportPkcs8(pkcs8);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(pkcs8);
        if (!pair.PublicKey.AsSpan().SequenceEqual(key.PublicKey))
        {
            pair.Dispose();
            throw new InboxFormatException("the inbox private key does not match the published public key");
        }

        return pair;
    }

    public static byte[] SealSettings(EncryptionKey accountKey, InboxSettings settings) =>
        Envelope.Encrypt(accountKey, JsonSerializer.SerializeToUtf8Bytes(settings, InboxSettingsJson.Default.InboxSettings));

    /// <summary>The settings, or the defaults when none are stored or they cannot be read.</summary>
    public static InboxSettings OpenSettings(EncryptionKey accountKey, byte[]? sealedSettings)
    {
        if (sealedSettings is null)
        {
            return new InboxSettings();
        }

        try
        {
            return JsonSerializer.Deserialize(Envelope.Decrypt(accountKey, sealedSettings), InboxSettingsJson.Default.InboxSettings) ?? new InboxSettings();
        }
        catch (Exception exception) when (exception is EnvelopeAuthenticationException or JsonException)
        {
            return new InboxSettings();
        }
    }
}

/// <summary>The account's inbox settings (the same on every device). Immutable.</summary>
internal sealed record InboxSettings
{
    /// <summary>The space captures land in; null for the account's "Inbox" space.</summary>
    public Guid? TargetSpaceId { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InboxSettings))]
internal sealed partial class InboxSettingsJson : JsonSerializerContext;
