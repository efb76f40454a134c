using Tomlyn.Model;

namespace Dataans.App.Desktop;

/// <summary>
/// The window keys of <c>[app]</c> in config.toml: the original app's (<c>app-toggle</c>,
/// <c>always-on-top</c>, <c>hide-window-decorations</c>, <c>hide-taskbar-icon</c>, <c>base-path</c>) with
/// its defaults, and ours (<c>drop-down</c>, <c>drop-down-height</c>, <c>hide-on-focus-loss</c>). Immutable.
/// </summary>
/// <param name="ToggleKey">The global shortcut in the original's syntax (e.g. "F2", "CmdOrCtrl+Shift+D"); empty for none.</param>
/// <param name="DropDownHeight">At most 1: a fraction of the screen's height; above 1: pixels.</param>
internal sealed record DesktopSettings(
    string ToggleKey,
    bool AlwaysOnTop,
    bool HideDecorations,
    bool HideTaskbarIcon,
    bool DropDown,
    double DropDownHeight,
    bool HideOnFocusLoss)
{
    public static DesktopSettings Defaults { get; } = new("F2", false, false, false, false, 0.5, false);

    /// <summary>Every key <c>[app]</c> may hold; others get a warning.</summary>
    public static IReadOnlySet<string> KnownKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "port", "app-window", "app-toggle", "always-on-top", "hide-window-decorations", "hide-taskbar-icon", "base-path",
        "drop-down", "drop-down-height", "hide-on-focus-loss",
    };

    /// <summary>The GTK accelerator of <see cref="ToggleKey"/>, or null when there is none.</summary>
    public string? ToggleAccelerator => GlobalKey.TryParse(ToggleKey, out var accelerator) ? accelerator : null;

    /// <summary>Reads the window keys of an <c>[app]</c> table; every problem becomes a warning and keeps the default.</summary>
    public static DesktopSettings Read(TomlTable app, string file, List<string> warnings)
    {
        var settings = Defaults;
        foreach (var key in app.Keys.Where(key => !KnownKeys.Contains(key)))
        {
            warnings.Add($"{file}: [app] has no setting named '{key}'; it is ignored.");
        }

        if (app.TryGetValue("app-toggle", out var toggle))
        {
            if (toggle is string text && (text.Trim().Length == 0 || GlobalKey.TryParse(text, out _)))
            {
                settings = settings with { ToggleKey = text.Trim() };
            }
            else
            {
                warnings.Add($"{file}: [app] app-toggle = '{toggle}' is not a shortcut such as \"F2\" or \"CmdOrCtrl+Shift+D\"; {settings.ToggleKey} is used.");
            }
        }

        settings = settings with
        {
            AlwaysOnTop = Flag(app, "always-on-top", settings.AlwaysOnTop, file, warnings),
            HideDecorations = Flag(app, "hide-window-decorations", settings.HideDecorations, file, warnings),
            HideTaskbarIcon = Flag(app, "hide-taskbar-icon", settings.HideTaskbarIcon, file, warnings),
            DropDown = Flag(app, "drop-down", settings.DropDown, file, warnings),
            HideOnFocusLoss = Flag(app, "hide-on-focus-loss", settings.HideOnFocusLoss, file, warnings),
        };

        if (app.TryGetValue("drop-down-height", out var height))
        {
            double? value = height switch
            {
                long pixels when pixels > 1 && pixels <= 100_000 => pixels,
                double fraction when fraction > 0 && fraction <= 1 => fraction,
                _ => null,
            };
            if (value is { } valid)
            {
                settings = settings with { DropDownHeight = valid };
            }
            else
            {
                warnings.Add($"{file}: [app] drop-down-height must be a fraction of the screen such as 0.5 or a number of pixels such as 400; {settings.DropDownHeight} is used.");
            }
        }

        if (app.TryGetValue("base-path", out var basePath) && basePath is string path && path.Trim().Length > 0)
        {
            warnings.Add($"{file}: [app] base-path is not used by this app (the data folder holds this file); start it with --data-dir or DATAANS_DATA_DIR instead.");
        }

        return settings;
    }

    private static bool Flag(TomlTable app, string key, bool fallback, string file, List<string> warnings)
    {
        if (!app.TryGetValue(key, out var value))
        {
            return fallback;
        }

        if (value is bool flag)
        {
            return flag;
        }

        warnings.Add($"{file}: [app] {key} must be true or false.");
        return fallback;
    }
}
