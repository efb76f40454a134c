namespace Dataans.Server.Storage.Inbox;

/// <summary>
/// The encrypted inbox of each user: the published key, capture links (token hashes only) and sealed
/// items (opaque bytes). Every call is scoped to one user name. Thread-safe.
/// </summary>
internal interface IInboxStore
{
    Task<StoredInboxKey?> GetKeyAsync(string user, CancellationToken cancellationToken);

    /// <summary>Stores the key unless one exists; returns the key that is stored afterwards and whether it was this one.</summary>
    Task<(StoredInboxKey Key, bool Created)> CreateKeyAsync(string user, byte[] publicKey, byte[] sealedPrivateKey, long nowUnixSeconds, CancellationToken cancellationToken);

    /// <summary>Replaces the sealed inbox settings.</summary>
    /// <returns>False when the user has no inbox key yet.</returns>
    Task<bool> SetSettingsAsync(string user, byte[] sealedSettings, CancellationToken cancellationToken);

    Task AddLinkAsync(StoredCaptureLink link, byte[] tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredCaptureLink>> ListLinksAsync(string user, CancellationToken cancellationToken);

    /// <returns>False when the user has no such link.</returns>
    Task<bool> RevokeLinkAsync(string user, Guid linkId, CancellationToken cancellationToken);

    /// <summary>The link owning the token hash, or null (unknown, revoked).</summary>
    Task<StoredCaptureLink?> FindLinkAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>Stores a sealed item unless one with its id exists, within the per-inbox limits.</summary>
    Task<(ItemWrite Outcome, long Seq)> AddItemAsync(string user, Guid linkId, Guid itemId, byte[] data, long nowUnixSeconds, InboxLimits limits, CancellationToken cancellationToken);

    Task<InboxItemsPage> ListItemsAsync(string user, CancellationToken cancellationToken);

    Task<byte[]?> GetItemAsync(string user, Guid itemId, CancellationToken cancellationToken);

    Task<bool> DeleteItemAsync(string user, Guid itemId, CancellationToken cancellationToken);

    /// <summary>The highest seq of an item still waiting (0 for none).</summary>
    Task<long> WaitingMarkAsync(string user, CancellationToken cancellationToken);
}

internal sealed record StoredInboxKey(byte[] PublicKey, byte[] SealedPrivateKey, long CreatedAtUnixSeconds, byte[]? SealedSettings);

internal sealed record StoredCaptureLink(Guid Id, string User, string Label, long CreatedAtUnixSeconds, long? ExpiresAtUnixSeconds, long? LastUsedAtUnixSeconds, long Items);

internal sealed record StoredInboxItem(Guid Id, long Seq, long Size, long ReceivedAtUnixSeconds, Guid? LinkId);

internal sealed record InboxItemsPage(IReadOnlyList<StoredInboxItem> Items, long Mark, long TotalBytes);

internal sealed record InboxLimits(int MaxItems, long MaxBytes);

internal enum ItemWrite
{
    Created,
    Duplicate,
    Full,
}
