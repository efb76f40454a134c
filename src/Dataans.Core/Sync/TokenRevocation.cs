namespace Dataans.Core.Sync;

/// <summary>What became of a device's token on the server when it signed out.</summary>
public enum TokenRevocation
{
    /// <summary>Nothing to revoke: not signed in, or the server signs in through Cloudflare/OIDC.</summary>
    NotNeeded,

    /// <summary>The server revoked the token: it no longer works anywhere.</summary>
    Revoked,

    /// <summary>The server could not be reached or refused: the token still works there.</summary>
    Failed,
}
