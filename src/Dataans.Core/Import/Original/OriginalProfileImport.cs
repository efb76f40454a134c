using Dataans.Core.Export;
using Dataans.Core.Profile;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Takes over the original's sign-in (<c>profile/profile.json</c>: server, Cloudflare token, derived key
/// and passphrase), so the device keeps syncing with the same account. Our profile format reads the
/// original's as it is. Thread-safe (no shared state).
/// </summary>
internal static class OriginalProfileImport
{
    /// <summary>Reads the original's profile and checks it can be taken over; null when it has none.</summary>
    /// <exception cref="ImportException">The profile is damaged, or this device is signed in to another account.</exception>
    public static async Task<UserProfile?> CheckAsync(OriginalLocation location, ProfileStore ours, CancellationToken cancellationToken)
    {
        var path = location.ProfilePath;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        OriginalDatabase.RefuseLink(path);
        if (info.Length > ProfileStore.MaxFileSize)
        {
            throw new ImportException($"The original's profile '{path}' is larger than any profile; it was not taken over.");
        }

        UserProfile profile;
        try
        {
            profile = ProfileJson.Deserialize(await File.ReadAllBytesAsync(path, cancellationToken), path);
        }
        catch (ProfileCorruptException exception)
        {
            throw new ImportException(exception.Message, exception);
        }

        UserProfile? existing;
        try
        {
            existing = await ours.LoadAsync(cancellationToken);
        }
        catch (ProfileCorruptException exception)
        {
            throw new ImportException(exception.Message, exception);
        }

        if (existing is not null && !(existing.ServerUrl == profile.ServerUrl && existing.SecretKey.Equals(profile.SecretKey)))
        {
            throw new ImportException(
                $"This device is already signed in to {existing.ServerUrl}; sign out first ('dataans sync logout') to take over the original's sign-in.");
        }

        return existing is null ? profile : null;
    }
}
