using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

/// <summary>
/// Keeps the profile's credential usable: renews an OpenID Connect access token with its refresh token
/// before it expires or after the server refused it, and otherwise marks the profile "sign in again"
/// (the key stays). Renewals are serialized within the process and, through a lock file next to the
/// profile, across processes (the app and the CLI), because a provider that rotates refresh tokens
/// ends the whole session when one is used twice. Thread-safe.
/// </summary>
internal sealed class CredentialRenewal(ProfileStore profiles, TimeProvider? time = null)
{
    private const string LockFileName = ".renew.lock";
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Renews the access token when it is (nearly) expired; returns the profile to use.</summary>
    /// <remarks>An unreachable issuer is not an error here: the current token may still be accepted.</remarks>
    /// <exception cref="SyncException">Unauthorized: the provider ended the session (the profile is marked).</exception>
    public async Task<UserProfile> RenewIfDueAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        if (profile.Oidc is not { RefreshToken: not null } session || !OidcSignIn.IsDue(session, _time))
        {
            return profile;
        }

        try
        {
            return await RenewAsync(profile, cancellationToken);
        }
        catch (SyncException exception) when (exception.Failure == SyncFailure.Unreachable)
        {
            return profile;
        }
    }

    /// <summary>Whether a refused credential may be renewed without the user.</summary>
    public static bool CanRenew(UserProfile profile) => profile.Oidc?.RefreshToken is not null;

    /// <summary>
    /// Renews the access token now (the server refused <paramref name="seen"/>'s). When another process
    /// renewed it meanwhile, its token is used instead of spending the refresh token again.
    /// </summary>
    /// <exception cref="SyncException">Unauthorized (the profile is marked) or Unreachable.</exception>
    public async Task<UserProfile> RenewAsync(UserProfile seen, CancellationToken cancellationToken = default)
    {
        await using var held = await LockAsync(cancellationToken);
        var current = await profiles.LoadAsync(cancellationToken)
            ?? throw new SyncException(SyncFailure.NotSignedIn, "This device is not signed in to a sync server: run 'dataans sync login' first.");
        if (current.AuthToken != seen.AuthToken && !(current.Oidc is { } renewedSession && OidcSignIn.IsDue(renewedSession, _time)))
        {
            return current;
        }

        if (current.Oidc is not { } session)
        {
            throw new SyncException(SyncFailure.Unauthorized, SignInAgainMessage);
        }

        try
        {
            var credential = await OidcSignIn.RefreshAsync(session, cancellationToken);
            var renewed = current with { AuthToken = credential.AccessToken, Oidc = credential.Oidc, SignInRequired = false };
            await profiles.SaveAsync(renewed, cancellationToken);
            return renewed;
        }
        catch (SyncException exception) when (exception.Failure == SyncFailure.Unauthorized)
        {
            await MarkAsync(current, cancellationToken);
            throw;
        }
    }

    /// <summary>The sentence for a credential the server refused and that cannot be renewed silently.</summary>
    public const string SignInAgainMessage =
        "The sync server no longer accepts this device's sign-in (it expired or was revoked): sign in again; the encryption key stays on this device.";

    /// <summary>Marks the profile "sign in again" unless its credential was replaced meanwhile.</summary>
    public async Task MarkSignInRequiredAsync(UserProfile seen, CancellationToken cancellationToken = default)
    {
        await using var held = await LockAsync(cancellationToken);
        await MarkAsync(seen, cancellationToken);
    }

    private async Task MarkAsync(UserProfile seen, CancellationToken cancellationToken)
    {
        var current = await profiles.LoadAsync(cancellationToken);
        if (current is not null && current.AuthToken == seen.AuthToken && !current.SignInRequired)
        {
            await profiles.SaveAsync(current with { SignInRequired = true }, cancellationToken);
        }
    }

    private async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await InProcess.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(profiles.DirectoryPath);
            var path = Path.Combine(profiles.DirectoryPath, LockFileName);
            var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(60);
            while (true)
            {
                try
                {
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new Held(file);
                }
                catch (IOException) when (_time.GetUtcNow() < deadline)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken); // another process renews right now
                }
            }
        }
        catch
        {
            InProcess.Release();
            throw;
        }
    }

    private sealed class Held(FileStream file) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            InProcess.Release();
        }
    }
}
