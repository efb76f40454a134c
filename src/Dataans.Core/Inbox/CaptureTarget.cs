using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Core.Inbox;

/// <summary>
/// Where captures land (<c>dataans inbox target</c>, Settings → Capture links): a space the account's
/// inbox settings name, the same on every device (sealed in the account's envelope on the server), or
/// the account's "Inbox" space. Thread-safe (stateless).
/// </summary>
public static class CaptureTarget
{
    /// <summary>The space captures land in now, as this device sees it.</summary>
    public static async Task<CaptureTargetInfo> GetAsync(DataansStore store, CancellationToken cancellationToken)
    {
        var profile = await CaptureLinks.LoadProfileAsync(store, cancellationToken);
        using var client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken);
        var key = await client.GetInboxKeyAsync(cancellationToken);
        var chosen = key is null ? null : InboxKeyRecord.OpenSettings(profile.SecretKey, key.SealedSettings).TargetSpaceId;
        return await DescribeAsync(store, chosen, cancellationToken);
    }

    /// <summary>Makes captures land in <paramref name="spaceId"/> (null: the "Inbox" space) on every device of the account.</summary>
    /// <exception cref="NotFoundException">This device holds no visible space with that id.</exception>
    public static async Task<CaptureTargetInfo> SetAsync(DataansStore store, Guid? spaceId, CancellationToken cancellationToken)
    {
        if (spaceId is { } id && !await store.HasSpaceAsync(id, cancellationToken))
        {
            throw new NotFoundException($"There is no space with id {id}.");
        }

        var profile = await CaptureLinks.LoadProfileAsync(store, cancellationToken);
        using var client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken);
        var (pair, _) = await new InboxDelivery(store, client, profile.SecretKey).EnsureKeyAsync(cancellationToken);
        pair.Dispose();
        var settings = InboxKeyRecord.SealSettings(profile.SecretKey, new InboxSettings { TargetSpaceId = spaceId });
        await client.PutInboxSettingsAsync(settings, cancellationToken);
        return await DescribeAsync(store, spaceId, cancellationToken);
    }

    private static async Task<CaptureTargetInfo> DescribeAsync(DataansStore store, Guid? chosen, CancellationToken cancellationToken)
    {
        if (chosen is not { } id)
        {
            return new CaptureTargetInfo(null, DataansStore.InboxSpaceName, false);
        }

        try
        {
            var space = await store.GetSpaceAsync(id, cancellationToken);
            return new CaptureTargetInfo(space.Id, space.Name, false);
        }
        catch (NotFoundException)
        {
            return new CaptureTargetInfo(id, DataansStore.InboxSpaceName, true);
        }
    }
}

/// <summary>
/// Where captures land: <paramref name="SpaceId"/> is the chosen space (null for the "Inbox" space),
/// <paramref name="SpaceName"/> the space they land in now; <paramref name="ChosenSpaceMissing"/> is true
/// when the chosen space is deleted (or not on this device yet), so captures go to "Inbox". Immutable.
/// </summary>
public sealed record CaptureTargetInfo(Guid? SpaceId, string SpaceName, bool ChosenSpaceMissing);
