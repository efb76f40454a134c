namespace Dataans.Core.Profile;

/// <summary>When the app syncs. Stored as <c>"Manual"</c> / <c>"Auto"</c> in <c>sync_config.mode</c>.</summary>
public enum SyncMode
{
    /// <summary>The user presses the sync button (the original's only mode).</summary>
    Manual,

    /// <summary>The app syncs by itself and listens for pushes from the server.</summary>
    Auto,
}
