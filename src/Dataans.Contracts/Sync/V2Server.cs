using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>Answer of <c>GET /v2/info</c> (no authentication needed).</summary>
public sealed record ServerInfo
{
    /// <summary>The server's version.</summary>
    public required string Version { get; init; }

    /// <summary><c>token</c>, <c>cloudflare</c> or <c>oidc</c>.</summary>
    public required string Auth { get; init; }

    /// <summary>The sign-in page for <c>cloudflare</c> mode (relative to the server URL), otherwise null.</summary>
    public string? SignInUrl { get; init; }

    /// <summary>The limits a client stays within.</summary>
    public required ServerLimits Limits { get; init; }
}

/// <summary>The server's configured limits; a client stays within them.</summary>
public sealed record ServerLimits
{
    /// <summary>The most operations one push may carry.</summary>
    public required int MaxOpsPerPush { get; init; }

    /// <summary>The largest page a pull returns.</summary>
    public required int MaxPullLimit { get; init; }

    /// <summary>The largest sealed operation accepted, in bytes.</summary>
    public required int MaxOperationBytes { get; init; }

    /// <summary>The largest JSON request body accepted, in bytes.</summary>
    public required long MaxJsonBodyBytes { get; init; }

    /// <summary>The largest file accepted, in bytes.</summary>
    public required long MaxFileBytes { get; init; }

    /// <summary>The most operations one block hash may cover.</summary>
    public required int MaxItemsPerBlock { get; init; }

    /// <summary>The longest key verifier accepted.</summary>
    public required int MaxVerifierLength { get; init; }
}

/// <summary>Body of <c>GET|PUT /v2/verifier</c>: an opaque key verifier (e.g. an Argon2id PHC string).</summary>
public sealed record KeyVerifier
{
    /// <summary>The key verifier (an Argon2id PHC string of the key).</summary>
    public required string Verifier { get; init; }
}

/// <summary>State of a file upload (<c>PUT /v2/files/{id}</c>, <c>POST …/complete</c>).</summary>
public sealed record FileStatus
{
    /// <summary>The file id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Bytes stored so far; the next upload offset while incomplete.</summary>
    public required long Length { get; init; }

    /// <summary>Only complete files can be downloaded or are reported to exist.</summary>
    public required bool Complete { get; init; }
}

/// <summary>Stable <c>code</c> values in the server's RFC 7807 problem details.</summary>
public static class ProblemCodes
{
    /// <summary><c>invalid-request</c>.</summary>
    public const string InvalidRequest = "invalid-request";
    /// <summary><c>unauthorized</c>.</summary>
    public const string Unauthorized = "unauthorized";
    /// <summary><c>not-found</c>.</summary>
    public const string NotFound = "not-found";
    /// <summary><c>operation-conflict</c>.</summary>
    public const string OperationConflict = "operation-conflict";
    /// <summary><c>offset-mismatch</c>.</summary>
    public const string OffsetMismatch = "offset-mismatch";
    /// <summary><c>file-complete</c>.</summary>
    public const string FileComplete = "file-complete";
    /// <summary><c>length-mismatch</c>.</summary>
    public const string LengthMismatch = "length-mismatch";
    /// <summary><c>verifier-exists</c>.</summary>
    public const string VerifierExists = "verifier-exists";
    /// <summary><c>too-large</c>.</summary>
    public const string TooLarge = "too-large";
    /// <summary><c>storage-unavailable</c>.</summary>
    public const string StorageUnavailable = "storage-unavailable";
    /// <summary><c>storage-full</c>.</summary>
    public const string StorageFull = "storage-full";
    /// <summary><c>rate-limited</c>.</summary>
    public const string RateLimited = "rate-limited";
}

/// <summary>System.Text.Json metadata for the v2 wire: camelCase, <c>byte[]</c> as base64. Thread-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PushRequest))]
[JsonSerializable(typeof(PushResponse))]
[JsonSerializable(typeof(PullResponse))]
[JsonSerializable(typeof(BlocksResponse))]
[JsonSerializable(typeof(HeadChanged))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(KeyVerifier))]
[JsonSerializable(typeof(FileStatus))]
public sealed partial class V2JsonContext : JsonSerializerContext;
