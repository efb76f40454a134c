using Dataans.App.Desktop;
using Tomlyn;
using Tomlyn.Model;

namespace Dataans.App.Ui.Config;

/// <summary>
/// Turns the text of <c>config.toml</c> and a theme into a <see cref="UiConfig"/>. Never throws for bad
/// input: every problem becomes a warning naming the file, and the affected setting keeps its default.
/// </summary>
internal static class ConfigReader
{
    /// <param name="configText">The text of config.toml, or null when it could not be read.</param>
    /// <param name="readTheme">Reads a theme file by its configured name; null when it does not exist.</param>
    public static UiConfig Read(string? configText, Func<string, string?> readTheme, List<string> warnings)
    {
        var bindings = new Dictionary<string, KeyCombo>(KeyActions.Defaults);
        var themeFile = DefaultConfigFiles.DarkThemeFile;
        var port = UiConfig.DefaultPort;
        var appWindow = false;
        var desktop = DesktopSettings.Defaults;
        var file = DefaultConfigFiles.ConfigFile;

        TomlTable? root = null;
        if (configText is not null)
        {
            try
            {
                root = TomlSerializer.Deserialize<TomlTable>(configText) ?? [];
            }
            catch (TomlException exception)
            {
                warnings.Add($"{file} is not valid TOML ({FirstLine(exception.Message)}); the default settings are used.");
            }
        }

        if (root is not null)
        {
            if (Table(root, "key-bindings", file, warnings) is { } keys)
            {
                foreach (var (action, value) in keys)
                {
                    if (!bindings.ContainsKey(action))
                    {
                        warnings.Add($"{file}: [key-bindings] has no action named '{action}'.");
                    }
                    else if (value is string text && KeyCombo.TryParse(text, out var combo))
                    {
                        bindings[action] = combo;
                    }
                    else
                    {
                        warnings.Add($"{file}: [key-bindings] {action} = '{value}' is not a key combination such as \"Ctrl+s\"; {bindings[action]} is used.");
                    }
                }
            }

            if (Table(root, "appearance", file, warnings) is { } appearance && appearance.TryGetValue("theme", out var theme))
            {
                if (theme is string name && name.Trim().Length > 0)
                {
                    themeFile = name.Trim();
                }
                else
                {
                    warnings.Add($"{file}: [appearance] theme must be a file name such as \"theme_dark.toml\".");
                }
            }

            if (Table(root, "app", file, warnings) is { } app)
            {
                if (app.TryGetValue("port", out var portValue))
                {
                    if (portValue is long number && number is >= 0 and <= 65535)
                    {
                        port = (int)number;
                    }
                    else
                    {
                        warnings.Add($"{file}: [app] port must be a whole number from 0 to 65535; {port} is used.");
                    }
                }

                if (app.TryGetValue("app-window", out var appWindowValue))
                {
                    if (appWindowValue is bool flag)
                    {
                        appWindow = flag;
                    }
                    else
                    {
                        warnings.Add($"{file}: [app] app-window must be true or false.");
                    }
                }

                desktop = DesktopSettings.Read(app, file, warnings);
            }
        }

        return new UiConfig(bindings, themeFile, ReadTheme(themeFile, readTheme, warnings), port, appWindow, warnings) { Desktop = desktop };
    }

    private static Dictionary<string, string> ReadTheme(string themeFile, Func<string, string?> readTheme, List<string> warnings)
    {
        var theme = new Dictionary<string, string>(DefaultConfigFiles.DarkTheme, StringComparer.Ordinal);
        string? text;
        try
        {
            text = readTheme(themeFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            warnings.Add($"{themeFile} cannot be read ({exception.Message}); the built-in dark theme is used.");
            return theme;
        }

        if (text is null)
        {
            warnings.Add($"{themeFile} does not exist; the built-in dark theme is used.");
            return theme;
        }

        try
        {
            foreach (var (name, value) in ThemeReader.Parse(text, themeFile, warnings))
            {
                theme[name] = value;
            }
        }
        catch (TomlException exception)
        {
            warnings.Add($"{themeFile} is not valid TOML ({FirstLine(exception.Message)}); the built-in dark theme is used.");
        }

        return theme;
    }

    private static TomlTable? Table(TomlTable root, string name, string file, List<string> warnings)
    {
        if (!root.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value is TomlTable table)
        {
            return table;
        }

        warnings.Add($"{file}: '{name}' must be a table ([{name}]).");
        return null;
    }

    /// <summary>The parser's first line, cut short: it may quote a whole (huge) token of the file.</summary>
    private static string FirstLine(string message)
    {
        var line = (message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message).TrimEnd('.');
        return line.Length <= 160 ? line : line[..160] + "…";
    }
}
