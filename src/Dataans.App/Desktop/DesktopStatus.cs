namespace Dataans.App.Desktop;

/// <summary>
/// What the settings page says about the desktop window: whether the app runs in it, whether the global key
/// and the tray work, and why not. Written by the window's thread, read by the UI. Thread-safe.
/// </summary>
internal sealed class DesktopStatus
{
    private readonly Lock _lock = new();
    private bool _inWindow;
    private bool _trayConnected;
    private string? _globalKeyProblem;
    private string? _windowProblem;

    /// <summary>Raised (on any thread) when anything here changes.</summary>
    public event Action? Changed;

    /// <summary>True when this app shows its UI in its own desktop window.</summary>
    public bool InWindow
    {
        get { lock (_lock) { return _inWindow; } }
        set => Set(ref _inWindow, value);
    }

    /// <summary>True while a tray (StatusNotifierWatcher) shows our icon: closing the window then only hides it.</summary>
    public bool TrayConnected
    {
        get { lock (_lock) { return _trayConnected; } }
        set => Set(ref _trayConnected, value);
    }

    /// <summary>Why the global toggle key does not work, or null when it does (or none is set).</summary>
    public string? GlobalKeyProblem
    {
        get { lock (_lock) { return _globalKeyProblem; } }
        set => Set(ref _globalKeyProblem, value);
    }

    /// <summary>Why the app runs in a browser instead of its own window, or null.</summary>
    public string? WindowProblem
    {
        get { lock (_lock) { return _windowProblem; } }
        set => Set(ref _windowProblem, value);
    }

    /// <summary>True in a Wayland session, where only X11 (XWayland) windows can grab a global key.</summary>
    public static bool IsWaylandSession =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"))
        || string.Equals(Environment.GetEnvironmentVariable("XDG_SESSION_TYPE"), "wayland", StringComparison.OrdinalIgnoreCase);

    private void Set<T>(ref T field, T value)
    {
        lock (_lock)
        {
            if (EqualityComparer<T>.Default.Equals(field, value))
            {
                return;
            }

            field = value;
        }

        Changed?.Invoke();
    }
}
