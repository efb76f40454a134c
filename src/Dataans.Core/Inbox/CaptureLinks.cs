using Dataans.Contracts.Sync;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Core.Inbox;

/// <summary>
/// The account owner's capture links (<c>dataans inbox link | links | revoke</c>): created on the
/// server, which keeps only the token's hash, and printed once as
/// <c>&lt;server&gt;/capture/#t=&lt;token&gt;&amp;k=&lt;inbox public key&gt;</c>. Thread-safe (stateless).
/// </summary>
public static class CaptureLinks
{
    /// <summary>A new capture link (the inbox key is created first if the account has none yet).</summary>
    public static async Task<(CaptureLinkInfo Link, string Url)> CreateAsync(DataansStore store, string? label, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var profile = await LoadProfileAsync(store, cancellationToken);
        using var client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken);
        var delivery = new InboxDelivery(store, client, profile.SecretKey);
        var (pair, key) = await delivery.EnsureKeyAsync(cancellationToken);
        pair.Dispose();
        var link = await client.CreateCaptureLinkAsync(new CaptureLinkRequest { Label = label, ExpiresAt = expiresAt }, cancellationToken);
        return (link with { Token = null }, BuildUrl(profile.ServerUrl, link.Token!, key.PublicKey));
    }

    /// <summary>The account's capture links, without their tokens.</summary>
    public static async Task<IReadOnlyList<CaptureLinkInfo>> ListAsync(DataansStore store, CancellationToken cancellationToken)
    {
        var profile = await LoadProfileAsync(store, cancellationToken);
        using var client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken);
        return await client.ListCaptureLinksAsync(cancellationToken);
    }

    /// <summary>Revokes the link whose id is or starts with <paramref name="idOrPrefix"/>; it stops working at once.</summary>
    /// <exception cref="NotFoundException">No link, or more than one, matches.</exception>
    public static async Task<CaptureLinkInfo> RevokeAsync(DataansStore store, string idOrPrefix, CancellationToken cancellationToken)
    {
        var profile = await LoadProfileAsync(store, cancellationToken);
        using var client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken);
        var prefix = idOrPrefix.Trim().ToLowerInvariant();
        var matches = (await client.ListCaptureLinksAsync(cancellationToken))
            .Where(link => prefix.Length > 0 && link.Id.ToString().StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
        {
            throw new NotFoundException(matches.Count == 0
                ? $"There is no capture link with id '{idOrPrefix}' (see 'dataans inbox links')."
                : $"More than one capture link starts with '{idOrPrefix}': give more characters.");
        }

        await client.RevokeCaptureLinkAsync(matches[0].Id, cancellationToken);
        return matches[0];
    }

    internal static string BuildUrl(Uri server, string token, byte[] publicKey)
    {
        var root = server.AbsoluteUri.EndsWith('/') ? server.AbsoluteUri : server.AbsoluteUri + "/";
        return $"{root}capture/#t={token}&k={Base64Url(publicKey)}";
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static async Task<Profile.UserProfile> LoadProfileAsync(DataansStore store, CancellationToken cancellationToken)
    {
        using var profiles = new Profile.ProfileStore(store.Directory.Root);
        return await profiles.LoadAsync(cancellationToken)
            ?? throw new SyncException(SyncFailure.NotSignedIn, "This device is not signed in to a sync server: run 'dataans sync login' first.");
    }
}
