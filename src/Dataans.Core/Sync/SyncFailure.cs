namespace Dataans.Core.Sync;

/// <summary>Why a sync step failed; the message is one sentence for the user (never a secret).</summary>
public enum SyncFailure
{
    /// <summary>The server cannot be reached or did not answer in time.</summary>
    Unreachable,
    /// <summary>The server refused the credential.</summary>
    Unauthorized,
    /// <summary>The password or passphrase does not give this account's key.</summary>
    WrongKey,
    /// <summary>This device is not signed in.</summary>
    NotSignedIn,
    /// <summary>The server holds different data under the same id.</summary>
    Conflict,
    /// <summary>The server had a problem of its own (5xx).</summary>
    Server,
    /// <summary>The server answered something this app does not understand or refused the request.</summary>
    Protocol,
}
