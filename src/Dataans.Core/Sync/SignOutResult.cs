namespace Dataans.Core.Sync;

/// <summary>What signing out did: whether a profile was removed, and what happened to the server token.</summary>
/// <param name="WasSignedIn">A profile was there and is now removed.</param>
/// <param name="Revocation">What the server did with this device's token.</param>
public sealed record SignOutResult(bool WasSignedIn, TokenRevocation Revocation);
