namespace Dataans.Core.Sync;

/// <summary>Why a sync step failed; the message is one sentence for the user (never a secret).</summary>
public enum SyncFailure
{
    Unreachable,
    Unauthorized,
    WrongKey,
    NotSignedIn,
    Conflict,
    Server,
    Protocol,
}
