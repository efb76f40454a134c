namespace Dataans.App.Ui.Sync;

/// <summary>What the settings page shows about sync.</summary>
/// <param name="IsConfigured">False until this device signs in to a sync server.</param>
/// <param name="Summary">One line for the user, e.g. "Sync is not set up".</param>
/// <param name="SignInRequired">The server refused the sign-in and it could not be renewed: auto sync is paused until the user signs in again.</param>
internal sealed record SyncState(
    bool IsConfigured,
    string Summary,
    Uri? Server = null,
    bool IsAuto = false,
    Dataans.Core.Sync.SyncResult? LastResult = null,
    long PendingOperations = 0,
    int PendingFiles = 0,
    bool IsRunning = false,
    Dataans.Core.Sync.SyncProgress? Progress = null,
    Uri? BrowserSignInPage = null,
    bool SignInRequired = false,
    Dataans.Core.Profile.AuthMode? AuthMode = null);
