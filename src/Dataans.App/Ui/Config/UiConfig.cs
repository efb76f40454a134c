using Dataans.App.Desktop;

namespace Dataans.App.Ui.Config;

/// <summary>
/// The settings read from <c>config.toml</c> and the chosen theme, with every problem found while reading
/// them as a sentence naming the file (the app falls back to defaults and shows these). Immutable.
/// </summary>
internal sealed record UiConfig(
    IReadOnlyDictionary<string, KeyCombo> KeyBindings,
    string ThemeFile,
    IReadOnlyDictionary<string, string> Theme,
    int Port,
    bool AppWindow,
    IReadOnlyList<string> Warnings)
{
    public const int DefaultPort = 7780;

    /// <summary>The window keys of <c>[app]</c> (global toggle key, always on top, drop-down, …).</summary>
    public DesktopSettings Desktop { get; init; } = DesktopSettings.Defaults;

    public static UiConfig Defaults { get; } = new(
        KeyActions.Defaults,
        DefaultConfigFiles.DarkThemeFile,
        DefaultConfigFiles.DarkTheme,
        DefaultPort,
        false,
        []);

    /// <summary>The theme as the inline style of the app root: <c>--name: value;</c> per key.</summary>
    public string ThemeStyle => string.Concat(Theme.Select(pair => $"--{pair.Key}: {pair.Value}; "));

    /// <summary>True when the theme's background is light (used for the browser's color-scheme).</summary>
    public bool IsLightTheme =>
        Theme.TryGetValue("notes-background-color", out var color) && ColorLuminance(color) is > 0.5;

    /// <summary>The bindings as canonical combo → action, for the browser's key listener.</summary>
    public IReadOnlyDictionary<string, string> BindingsByCombo =>
        KeyBindings.GroupBy(pair => pair.Value.ToString()).ToDictionary(group => group.Key, group => group.First().Key);

    private static double? ColorLuminance(string color)
    {
        color = color.Trim();
        if (color.Length != 7 || color[0] != '#'
            || !int.TryParse(color.AsSpan(1), System.Globalization.NumberStyles.HexNumber, null, out var rgb))
        {
            return null;
        }

        var (r, g, b) = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        return ((0.2126 * r) + (0.7152 * g) + (0.0722 * b)) / 255;
    }
}
