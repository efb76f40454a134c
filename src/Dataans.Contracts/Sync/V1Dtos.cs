using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>
/// An encrypted operation on the v1 wire (<c>GET|POST /data/operation</c>): byte fields are JSON number
/// arrays, exactly as the original server sends them. Immutable.
/// </summary>
public sealed record V1Operation
{
    /// <summary>The operation id (random UUID, in clear).</summary>
    public required Guid Id { get; init; }

    /// <summary>The client's operation time (RFC 3339, nanoseconds).</summary>
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required Timestamp CreatedAt { get; init; }

    /// <summary>The ciphertext envelope of the operation record.</summary>
    public required byte[] Data { get; init; }

    /// <summary>SHA-256 digest of the plaintext record (32 bytes).</summary>
    public required byte[] Checksum { get; init; }
}

/// <summary>The v1 user record (<c>GET|POST /user/</c>): the key verifier and an id. Immutable.</summary>
public sealed record V1User
{
    /// <summary>The user's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>An opaque key verifier, in practice an Argon2id PHC string of the encryption key.</summary>
    public required string SecretKeyHash { get; init; }
}

/// <summary>
/// System.Text.Json metadata for the v1 wire: camelCase, every <c>byte[]</c> as a number array
/// (including the <c>[[…],[…]]</c> block list). Thread-safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(ByteArrayAsNumbersConverter)])]
[JsonSerializable(typeof(V1Operation))]
[JsonSerializable(typeof(List<V1Operation>))]
[JsonSerializable(typeof(V1User))]
[JsonSerializable(typeof(List<byte[]>))]
[JsonSerializable(typeof(bool))]
public sealed partial class V1JsonContext : JsonSerializerContext;
