namespace Dataans.App.Ui.Hosting;

/// <summary>How to start the web UI.</summary>
/// <param name="DataDir">The data folder (null: <c>DATAANS_DATA_DIR</c>, XDG, home).</param>
/// <param name="Port">The port on 127.0.0.1 (null: config.toml's; 0: any free port).</param>
/// <param name="OpenBrowser">Open the default browser (or an app window) once listening.</param>
/// <param name="AppWindow">Open a Chromium/Chrome app window (null: config.toml's <c>app-window</c>).</param>
/// <param name="DesktopWindow">Open the desktop window (null: yes unless an app window is chosen; it falls back to the browser where it cannot).</param>
/// <param name="StartHidden">Start with the desktop window hidden in the tray.</param>
internal sealed record UiOptions(
    string? DataDir = null,
    int? Port = null,
    bool OpenBrowser = true,
    bool? AppWindow = null,
    bool? DesktopWindow = null,
    bool StartHidden = false);
