using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>
/// Body of <c>GET|PUT /v2/inbox/key</c>: the account's inbox key. The public key is raw P-256
/// (65 bytes); the private key is sealed in the account's envelope, so the server cannot use it.
/// Immutable.
/// </summary>
public sealed record InboxKey
{
    public required byte[] PublicKey { get; init; }

    public required byte[] SealedPrivateKey { get; init; }

    /// <summary>Set by the server when the key was first stored.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The account's inbox settings (which space captures land in), sealed like the private key; null until set.</summary>
    public byte[]? SealedSettings { get; init; }
}

/// <summary>Body of <c>PUT /v2/inbox/settings</c>.</summary>
public sealed record InboxSettingsBody
{
    public required byte[] SealedSettings { get; init; }
}

/// <summary>Answer of <c>GET /v2/capture/key</c>: what a capture page or script needs to seal an item.</summary>
public sealed record CaptureKey
{
    public required byte[] PublicKey { get; init; }

    /// <summary>The largest sealed item the server accepts, in bytes.</summary>
    public required long MaxItemBytes { get; init; }

    /// <summary>The link's label, so a page can show where it sends.</summary>
    public required string Label { get; init; }
}

/// <summary>One sealed item waiting in the inbox.</summary>
public sealed record InboxItemInfo
{
    public required Guid Id { get; init; }

    /// <summary>Increases with every item the inbox receives; never reused.</summary>
    public required long Seq { get; init; }

    public required long Size { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The capture link it came through (null when that link was revoked since).</summary>
    public Guid? LinkId { get; init; }
}

/// <summary>Answer of <c>GET /v2/inbox/items</c>, oldest first.</summary>
public sealed record InboxItemList
{
    public required IReadOnlyList<InboxItemInfo> Items { get; init; }

    /// <summary>The highest seq ever received (0 for none); the same as <see cref="PullResponse.InboxMark"/>.</summary>
    public required long Mark { get; init; }

    public required long TotalBytes { get; init; }

    public required int MaxItems { get; init; }

    public required long MaxBytes { get; init; }
}

/// <summary>Answer of <c>POST /v2/capture/items</c>.</summary>
public sealed record CaptureReceipt
{
    public required Guid Id { get; init; }

    public required long Size { get; init; }

    /// <summary>True when the same item was already stored (a resend); nothing changed.</summary>
    public required bool Duplicate { get; init; }
}

/// <summary>Body of <c>POST /v2/inbox/links</c>.</summary>
public sealed record CaptureLinkRequest
{
    public string? Label { get; init; }

    /// <summary>When the link stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A capture link (its token only in the answer that created it).</summary>
public sealed record CaptureLinkInfo
{
    public required Guid Id { get; init; }

    public required string Label { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Items received through the link.</summary>
    public required long Items { get; init; }

    /// <summary>The capture token (<c>dci_…</c>): returned once, when the link is created; the server keeps only its hash.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }
}

/// <summary>Answer of <c>GET /v2/inbox/links</c>.</summary>
public sealed record CaptureLinkList
{
    public required IReadOnlyList<CaptureLinkInfo> Links { get; init; }
}

/// <summary>System.Text.Json metadata for the inbox routes: camelCase, <c>byte[]</c> as base64. Thread-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InboxKey))]
[JsonSerializable(typeof(InboxSettingsBody))]
[JsonSerializable(typeof(CaptureKey))]
[JsonSerializable(typeof(InboxItemList))]
[JsonSerializable(typeof(CaptureReceipt))]
[JsonSerializable(typeof(CaptureLinkRequest))]
[JsonSerializable(typeof(CaptureLinkInfo))]
[JsonSerializable(typeof(CaptureLinkList))]
public sealed partial class InboxJsonContext : JsonSerializerContext;
