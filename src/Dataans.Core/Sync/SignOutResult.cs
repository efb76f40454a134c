namespace Dataans.Core.Sync;

/// <summary>What signing out did: whether a profile was removed, and what happened to the server token. Immutable.</summary>
/// <param name="WasSignedIn">A profile was removed; false when the device was not signed in.</param>
/// <param name="Revocation">Whether the server revoked this device's token.</param>
public sealed record SignOutResult(bool WasSignedIn, TokenRevocation Revocation);

/// <summary>What became of the device's token on the server at sign-out.</summary>
public enum TokenRevocation
{
    /// <summary>Nothing to revoke: not signed in, or the server signs in through Cloudflare/OIDC.</summary>
    NotNeeded,

    /// <summary>The server revoked the token: it no longer works anywhere.</summary>
    Revoked,

    /// <summary>The server could not be reached or refused: the token still works there.</summary>
    Failed,
}
