using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>An operation to push (<c>POST /v2/ops</c>). Byte fields are base64. Immutable.</summary>
public sealed record PushOperation
{
    /// <summary>The operation id (in clear).</summary>
    public required Guid Id { get; init; }

    /// <summary>The operation time (in clear).</summary>
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required Timestamp CreatedAt { get; init; }

    /// <summary>The sealed record (an envelope).</summary>
    public required byte[] Data { get; init; }

    /// <summary>The record's digest (docs/formats.md, "Digest": SHA-256 over a fixed layout of its fields, not of its JSON); exactly 32 bytes.</summary>
    public required byte[] Checksum { get; init; }
}

/// <summary>An operation as stored by the server, with its per-user sequence number. Immutable.</summary>
public sealed record SyncOperation
{
    /// <summary>1-based, gap-free, in commit order, per user and epoch.</summary>
    public required long Seq { get; init; }

    /// <summary>The operation id (in clear).</summary>
    public required Guid Id { get; init; }

    /// <summary>The operation time (in clear).</summary>
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required Timestamp CreatedAt { get; init; }

    /// <summary>The sealed record (an envelope).</summary>
    public required byte[] Data { get; init; }

    /// <summary>The record's digest; exactly 32 bytes.</summary>
    public required byte[] Checksum { get; init; }
}

/// <summary>Body of <c>POST /v2/ops</c>.</summary>
public sealed record PushRequest
{
    /// <summary>The operations, at most the server's MaxOpsPerPush.</summary>
    public required IReadOnlyList<PushOperation> Ops { get; init; }
}

/// <summary>Answer of <c>POST /v2/ops</c>.</summary>
public sealed record PushResponse
{
    /// <summary>The server's data epoch: a new one means its data was reset or restored.</summary>
    public required string Epoch { get; init; }

    /// <summary>The user's head (highest seq) after this push.</summary>
    public required long Head { get; init; }

    /// <summary>How many operations were new and got a seq.</summary>
    public required int Accepted { get; init; }

    /// <summary>How many were already stored with the same checksum (no-ops).</summary>
    public required int Duplicates { get; init; }
}

/// <summary>Answer of <c>GET /v2/ops</c> and <c>GET /v2/ops/ordered</c>.</summary>
public sealed record PullResponse
{
    /// <summary>The server's data epoch: a new one means its data was reset or restored.</summary>
    public required string Epoch { get; init; }

    /// <summary>The user's highest sequence number.</summary>
    public required long Head { get; init; }

    /// <summary>The page's operations in sequence order.</summary>
    public required IReadOnlyList<SyncOperation> Ops { get; init; }

    /// <summary>True when more operations follow; ask again from the last returned position.</summary>
    public required bool HasMore { get; init; }
}

/// <summary>Answer of <c>GET /v2/blocks</c>: the seed's block hashes over operations ordered by (createdAt, id).</summary>
public sealed record BlocksResponse
{
    /// <summary>The server's data epoch: a new one means its data was reset or restored.</summary>
    public required string Epoch { get; init; }

    /// <summary>The user's highest sequence number.</summary>
    public required long Head { get; init; }

    /// <summary>How many operations each block hash covers.</summary>
    public required int ItemsPerBlock { get; init; }

    /// <summary>How many operations the server holds for the user.</summary>
    public required long OperationCount { get; init; }

    /// <summary>SHA-256 of the concatenated 32-byte checksums of each chunk; base64.</summary>
    public required IReadOnlyList<byte[]> Blocks { get; init; }
}

/// <summary>The data of a Server-Sent Event <c>head</c> on <c>GET /v2/events</c>.</summary>
public sealed record HeadChanged
{
    /// <summary>The server's data epoch: a new one means its data was reset or restored.</summary>
    public required string Epoch { get; init; }

    /// <summary>The user's highest sequence number.</summary>
    public required long Head { get; init; }
}
