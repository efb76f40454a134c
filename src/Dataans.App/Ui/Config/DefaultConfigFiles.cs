namespace Dataans.App.Ui.Config;

/// <summary>The files written into <c>&lt;data dir&gt;/configs/</c> on first run, and the built-in theme.</summary>
internal static class DefaultConfigFiles
{
    public const string ConfigFile = "config.toml";
    public const string DarkThemeFile = "theme_dark.toml";
    public const string LightThemeFile = "theme_light.toml";

    public const string ConfigToml = """
        # Dataans settings. Edit and save: the app picks the change up without a restart.
        # A key combination is zero or more of Ctrl, Shift, Alt, Meta and then one key, joined by '+',
        # e.g. "Ctrl+Shift+k". The key is compared exactly with the browser's KeyboardEvent.key.

        [key-bindings]
        toggle-spaces-bar = "Ctrl+s"
        create-space = "Ctrl+n"
        edit-current-space = "Ctrl+e"
        delete-current-space = "Ctrl+Delete"
        select-prev-list-item = "Alt+1"
        select-next-list-item = "Alt+2"
        find-note = "Ctrl+f"
        find-note-in-selected-space = "Ctrl+m"
        regenerate-space-avatar = "Ctrl+r"

        [appearance]
        # A theme file in this folder: flat `name = "css value"` pairs that become CSS variables.
        theme = "theme_dark.toml"

        [app]
        # The port on 127.0.0.1 the app listens on; when it is taken, a free port is used instead.
        port = 7780
        # true: open the app in a Chromium/Chrome app window (like --app) instead of its own window.
        app-window = false
        # The desktop window (Linux). A shortcut that shows or hides it from any application, e.g. "F2"
        # or "CmdOrCtrl+Shift+D" ("" for none).
        app-toggle = "F2"
        always-on-top = false
        hide-window-decorations = false
        hide-taskbar-icon = false
        # Drop-down mode: full width at the top of the current screen, above other windows, this tall
        # (a fraction of the screen such as 0.5, or pixels such as 400).
        drop-down = false
        drop-down-height = 0.5
        # Hide the window when another application takes the focus.
        hide-on-focus-loss = false

        """;

    public const string DarkThemeToml = """
        # Dataans dark theme: every key becomes a CSS variable (--name: value).
        notes-background-color = "#1e2127"
        notes-border-color = "#2c313a"
        note-background-color = "#262a33"
        note-text-color = "#d7dae0"
        note-quote-text-color = "#9da5b4"
        note-inline-background-color = "#353b45"
        note-inline-background-color-hover = "#3e4451"
        note-inline-code-text-color = "#e5c07b"
        note-font-size = "1rem"
        note-link-color = "#61afef"
        note-headers-text-color = "#eceff4"
        note-time-label-text-color = "#8b919c"
        note-table-border-color = "#3e4451"
        note-code-block-background-color = "#181a1f"
        note-focus-border-color = "#61afef"
        messages-info-background-color = "#21252b"
        messages-info-text-color = "#d7dae0"
        messages-editor-background-color = "#21252b"
        messages-editor-text-color = "#d7dae0"
        editor-file-background-color = "#2c313a"
        spaces-background-color = "#181a1f"
        spaces-tools-background-color = "#21252b"
        spaces-tools-border-color = "#2c313a"
        spaces-tools-text-color = "#d7dae0"
        spaces-font-size = "0.95rem"
        space-background-color = "transparent"
        space-text-color = "#c8ccd4"
        space-hover-background-color = "#2c313a"
        space-selected-background-color = "#3a3f4b"
        tools-button-hover = "#3a3f4b"
        tools-panel-height = "3rem"
        input-border-color = "#3e4451"
        input-background-color = "#1b1d23"
        input-text-color = "#d7dae0"
        button-cancel-color = "#e06c75"
        button-ok-background-color = "#2f6f4f"
        button-ok-text-color = "#ffffff"
        button-ok-outline-color = "#98c379"
        confirm-background-color = "#282c34"
        confirm-text-color = "#d7dae0"
        confirm-ok-button-background-color = "#be5046"
        confirm-ok-button-text-color = "#ffffff"
        confirm-cancel-button-background-color = "#3e4451"
        confirm-cancel-button-text-color = "#d7dae0"
        search-note-label-background-color = "#2c313a"
        search-note-label-text-color = "#d7dae0"
        note-preview-space-name-color = "#98c379"
        note-preview-note-text-color = "#abb2bf"
        note-preview-selected-note-background-color = "#3a3f4b"
        app-info-window-background-color = "#1e2127"
        app-info-window-text-color = "#d7dae0"
        # Beyond the original app's keys: syntax highlighting and search matches.
        code-keyword-color = "#c678dd"
        code-string-color = "#98c379"
        code-comment-color = "#7f848e"
        code-number-color = "#d19a66"
        code-type-color = "#e5c07b"
        search-match-background-color = "#e5c07b"
        search-match-text-color = "#1e2127"

        """;

    public const string LightThemeToml = """
        # Dataans light theme: every key becomes a CSS variable (--name: value).
        notes-background-color = "#f5f6f8"
        notes-border-color = "#dde1e6"
        note-background-color = "#ffffff"
        note-text-color = "#1f2328"
        note-quote-text-color = "#57606a"
        note-inline-background-color = "#eef1f4"
        note-inline-background-color-hover = "#e1e5ea"
        note-inline-code-text-color = "#9a3412"
        note-font-size = "1rem"
        note-link-color = "#0b62c4"
        note-headers-text-color = "#0d1117"
        note-time-label-text-color = "#5f6872"
        note-table-border-color = "#d0d7de"
        note-code-block-background-color = "#f6f8fa"
        note-focus-border-color = "#0b62c4"
        messages-info-background-color = "#ffffff"
        messages-info-text-color = "#1f2328"
        messages-editor-background-color = "#ffffff"
        messages-editor-text-color = "#1f2328"
        editor-file-background-color = "#eef1f4"
        spaces-background-color = "#e9ecf0"
        spaces-tools-background-color = "#f5f6f8"
        spaces-tools-border-color = "#d0d7de"
        spaces-tools-text-color = "#1f2328"
        spaces-font-size = "0.95rem"
        space-background-color = "transparent"
        space-text-color = "#24292f"
        space-hover-background-color = "#dde1e6"
        space-selected-background-color = "#cfd6de"
        tools-button-hover = "#dde1e6"
        tools-panel-height = "3rem"
        input-border-color = "#c5ccd4"
        input-background-color = "#ffffff"
        input-text-color = "#1f2328"
        button-cancel-color = "#b42318"
        button-ok-background-color = "#1a7f37"
        button-ok-text-color = "#ffffff"
        button-ok-outline-color = "#116329"
        confirm-background-color = "#ffffff"
        confirm-text-color = "#1f2328"
        confirm-ok-button-background-color = "#b42318"
        confirm-ok-button-text-color = "#ffffff"
        confirm-cancel-button-background-color = "#e9ecf0"
        confirm-cancel-button-text-color = "#1f2328"
        search-note-label-background-color = "#dde1e6"
        search-note-label-text-color = "#1f2328"
        note-preview-space-name-color = "#1a7f37"
        note-preview-note-text-color = "#3d444d"
        note-preview-selected-note-background-color = "#cfd6de"
        app-info-window-background-color = "#f5f6f8"
        app-info-window-text-color = "#1f2328"
        # Beyond the original app's keys: syntax highlighting and search matches.
        code-keyword-color = "#8250df"
        code-string-color = "#0a6b2a"
        code-comment-color = "#6e7781"
        code-number-color = "#953800"
        code-type-color = "#0550ae"
        search-match-background-color = "#fff1a8"
        search-match-text-color = "#1f2328"

        """;

    /// <summary>The dark theme's values: the fallback for a missing theme file and for missing keys.</summary>
    public static IReadOnlyDictionary<string, string> DarkTheme { get; } = ThemeReader.Parse(DarkThemeToml, DarkThemeFile, []);

    public static IReadOnlyList<(string Name, string Text)> All { get; } =
        [(ConfigFile, ConfigToml), (DarkThemeFile, DarkThemeToml), (LightThemeFile, LightThemeToml)];
}
