using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>
/// Body of <c>GET|PUT /v2/inbox/key</c>: the account's inbox key. The public key is raw P-256
/// (65 bytes); the private key is sealed in the account's envelope, so the server cannot use it.
/// Immutable.
/// </summary>
public sealed record InboxKey
{
    /// <summary>The raw uncompressed P-256 public key (65 bytes, <c>04 ‖ X ‖ Y</c>).</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The PKCS#8 private key in the account's envelope.</summary>
    public required byte[] SealedPrivateKey { get; init; }

    /// <summary>Set by the server when the key was first stored.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The account's inbox settings (which space captures land in), sealed like the private key; null until set.</summary>
    public byte[]? SealedSettings { get; init; }
}

/// <summary>Body of <c>PUT /v2/inbox/settings</c>.</summary>
public sealed record InboxSettingsBody
{
    /// <summary>The inbox settings in the account's envelope.</summary>
    public required byte[] SealedSettings { get; init; }
}

/// <summary>Answer of <c>GET /v2/capture/key</c>: what a capture page or script needs to seal an item.</summary>
public sealed record CaptureKey
{
    /// <summary>The raw inbox public key to seal to.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The largest sealed item the server accepts, in bytes.</summary>
    public required long MaxItemBytes { get; init; }

    /// <summary>The link's label, so a page can show where it sends.</summary>
    public required string Label { get; init; }
}

/// <summary>One sealed item waiting in the inbox.</summary>
public sealed record InboxItemInfo
{
    /// <summary>The item id the sender chose (also inside the sealed header).</summary>
    public required Guid Id { get; init; }

    /// <summary>Increases with every item the inbox receives; never reused.</summary>
    public required long Seq { get; init; }

    /// <summary>The sealed item's size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>When the server received it (whole seconds).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The capture link it came through (null when that link was revoked since).</summary>
    public Guid? LinkId { get; init; }
}

/// <summary>Answer of <c>GET /v2/inbox/items</c>, oldest first.</summary>
public sealed record InboxItemList
{
    /// <summary>The waiting items.</summary>
    public required IReadOnlyList<InboxItemInfo> Items { get; init; }

    /// <summary>The highest seq ever received (0 for none); the same as <see cref="PullResponse.InboxMark"/>.</summary>
    public required long Mark { get; init; }

    /// <summary>The bytes of all waiting items.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>The most items that may wait.</summary>
    public required int MaxItems { get; init; }

    /// <summary>The most bytes that may wait.</summary>
    public required long MaxBytes { get; init; }
}

/// <summary>Answer of <c>POST /v2/capture/items</c>.</summary>
public sealed record CaptureReceipt
{
    /// <summary>The stored item's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The stored item's size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>True when the same item was already stored (a resend); nothing changed.</summary>
    public required bool Duplicate { get; init; }
}

/// <summary>Body of <c>POST /v2/inbox/links</c>.</summary>
public sealed record CaptureLinkRequest
{
    /// <summary>A name for the link; "Capture link" when absent.</summary>
    public string? Label { get; init; }

    /// <summary>When the link stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A capture link (its token only in the answer that created it).</summary>
public sealed record CaptureLinkInfo
{
    /// <summary>The link's id (to revoke it).</summary>
    public required Guid Id { get; init; }

    /// <summary>The link's name.</summary>
    public required string Label { get; init; }

    /// <summary>When the link was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When an item last came through it; null for never.</summary>
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
    /// <summary>The links, oldest first.</summary>
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
