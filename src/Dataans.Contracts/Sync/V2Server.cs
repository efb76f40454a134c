using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>Answer of <c>GET /v2/info</c> (no authentication needed).</summary>
public sealed record ServerInfo
{
    public required string Version { get; init; }

    /// <summary><c>token</c>, <c>cloudflare</c> or <c>oidc</c>.</summary>
    public required string Auth { get; init; }

    /// <summary>The sign-in page for <c>cloudflare</c> mode (relative to the server URL), otherwise null.</summary>
    public string? SignInUrl { get; init; }

    public required ServerLimits Limits { get; init; }
}

/// <summary>The server's configured limits; a client stays within them.</summary>
public sealed record ServerLimits
{
    public required int MaxOpsPerPush { get; init; }

    public required int MaxPullLimit { get; init; }

    public required int MaxOperationBytes { get; init; }

    public required long MaxJsonBodyBytes { get; init; }

    public required long MaxFileBytes { get; init; }

    public required int MaxItemsPerBlock { get; init; }

    public required int MaxVerifierLength { get; init; }
}

/// <summary>Body of <c>GET|PUT /v2/verifier</c>: an opaque key verifier (e.g. an Argon2id PHC string).</summary>
public sealed record KeyVerifier
{
    public required string Verifier { get; init; }
}

/// <summary>State of a file upload (<c>PUT /v2/files/{id}</c>, <c>POST …/complete</c>).</summary>
public sealed record FileStatus
{
    public required Guid Id { get; init; }

    /// <summary>Bytes stored so far; the next upload offset while incomplete.</summary>
    public required long Length { get; init; }

    /// <summary>Only complete files can be downloaded or are reported to exist.</summary>
    public required bool Complete { get; init; }
}

/// <summary>Stable <c>code</c> values in the server's RFC 7807 problem details.</summary>
public static class ProblemCodes
{
    public const string InvalidRequest = "invalid-request";
    public const string Unauthorized = "unauthorized";
    public const string NotFound = "not-found";
    public const string OperationConflict = "operation-conflict";
    public const string OffsetMismatch = "offset-mismatch";
    public const string FileComplete = "file-complete";
    public const string LengthMismatch = "length-mismatch";
    public const string VerifierExists = "verifier-exists";
    public const string TooLarge = "too-large";
    public const string StorageUnavailable = "storage-unavailable";
    public const string StorageFull = "storage-full";
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
