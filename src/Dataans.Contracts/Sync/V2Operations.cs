using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>An operation to push (<c>POST /v2/ops</c>). Byte fields are base64. Immutable.</summary>
public sealed record PushOperation
{
    public required Guid Id { get; init; }

    [JsonConverter(typeof(TimestampJsonConverter))]
    public required Timestamp CreatedAt { get; init; }

    public required byte[] Data { get; init; }

    /// <summary>The record's digest (docs/formats.md, "Digest": SHA-256 over a fixed layout of its fields, not of its JSON); exactly 32 bytes.</summary>
    public required byte[] Checksum { get; init; }
}

/// <summary>An operation as stored by the server, with its per-user sequence number. Immutable.</summary>
public sealed record SyncOperation
{
    /// <summary>1-based, gap-free, in commit order, per user and epoch.</summary>
    public required long Seq { get; init; }

    public required Guid Id { get; init; }

    [JsonConverter(typeof(TimestampJsonConverter))]
    public required Timestamp CreatedAt { get; init; }

    public required byte[] Data { get; init; }

    public required byte[] Checksum { get; init; }
}

/// <summary>Body of <c>POST /v2/ops</c>.</summary>
public sealed record PushRequest
{
    public required IReadOnlyList<PushOperation> Ops { get; init; }
}

/// <summary>Answer of <c>POST /v2/ops</c>.</summary>
public sealed record PushResponse
{
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
    public required string Epoch { get; init; }

    public required long Head { get; init; }

    public required IReadOnlyList<SyncOperation> Ops { get; init; }

    /// <summary>True when more operations follow; ask again from the last returned position.</summary>
    public required bool HasMore { get; init; }
}

/// <summary>Answer of <c>GET /v2/blocks</c>: the seed's block hashes over operations ordered by (createdAt, id).</summary>
public sealed record BlocksResponse
{
    public required string Epoch { get; init; }

    public required long Head { get; init; }

    public required int ItemsPerBlock { get; init; }

    public required long OperationCount { get; init; }

    /// <summary>SHA-256 of the concatenated 32-byte checksums of each chunk; base64.</summary>
    public required IReadOnlyList<byte[]> Blocks { get; init; }
}

/// <summary>The data of a Server-Sent Event <c>head</c> on <c>GET /v2/events</c>.</summary>
public sealed record HeadChanged
{
    public required string Epoch { get; init; }

    public required long Head { get; init; }
}
