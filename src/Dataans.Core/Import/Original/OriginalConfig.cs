using Tomlyn;
using Tomlyn.Model;

namespace Dataans.Core.Import.Original;

/// <summary>
/// What is carried from the original's <c>config.toml</c>: its key bindings (the nine actions both apps
/// share, in the same <c>Ctrl+s</c> format) and its theme choice (<c>[appearance] theme</c>, a file in the
/// same folder). A config that cannot be read gives warnings, never an error: settings are not data.
/// Immutable and thread-safe.
/// </summary>
public sealed record OriginalConfig(IReadOnlyDictionary<string, string> KeyBindings, string? Theme, IReadOnlyList<string> Warnings)
{
    /// <summary>The largest config file read (the original's is about 1 KiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The key-binding actions of the original, which ours shares.</summary>
    public static readonly IReadOnlyList<string> Actions =
    [
        "toggle-spaces-bar", "create-space", "edit-current-space", "delete-current-space", "select-prev-list-item",
        "select-next-list-item", "find-note", "find-note-in-selected-space", "regenerate-space-avatar",
    ];

    /// <summary>A config with no key bindings, no theme and no warnings (no config file found).</summary>
    public static OriginalConfig Empty { get; } = new(new Dictionary<string, string>(), null, []);

    /// <summary>Reads the key bindings and theme choice of <paramref name="path"/>.</summary>
    public static OriginalConfig Read(string path)
    {
        var warnings = new List<string>();
        if (ReadTable(path, warnings) is not { } root)
        {
            return new OriginalConfig(new Dictionary<string, string>(), null, warnings);
        }

        var bindings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetValue("key-bindings", out var keysValue) && keysValue is TomlTable keys)
        {
            foreach (var (action, value) in keys)
            {
                if (!Actions.Contains(action))
                {
                    warnings.Add($"The original's config has a key binding '{Shorten(action)}' this app does not know; it is not carried over.");
                }
                else if (value is string combo && combo.Length is > 0 and <= 64 && !combo.Any(char.IsControl))
                {
                    bindings[action] = combo;
                }
                else
                {
                    warnings.Add($"The original's key binding '{action}' is not a key combination; this app's default is kept.");
                }
            }
        }

        string? theme = null;
        if (root.TryGetValue("appearance", out var appearanceValue) && appearanceValue is TomlTable appearance
            && appearance.TryGetValue("theme", out var themeValue))
        {
            if (themeValue is string name && IsPlainFileName(name.Trim()))
            {
                theme = name.Trim();
            }
            else
            {
                warnings.Add("The original's [appearance] theme is not a file name in its configs folder; this app's theme is kept.");
            }
        }

        return new OriginalConfig(bindings, theme, warnings);
    }

    /// <summary>The data folder named by <c>[app] base-path</c> (relative paths are taken from <paramref name="appDataFolder"/>), or null.</summary>
    public static string? ReadBasePath(string path, string appDataFolder)
    {
        if (ReadTable(path, []) is not { } root || !root.TryGetValue("app", out var appValue) || appValue is not TomlTable app
            || !app.TryGetValue("base-path", out var basePath) || basePath is not string text || string.IsNullOrWhiteSpace(text)
            || text.Any(char.IsControl))
        {
            return null;
        }

        try
        {
            return Path.GetFullPath(Path.Combine(appDataFolder, text.Trim()));
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>A name that stays in its folder: no separators, no <c>..</c>, nothing hidden.</summary>
    public static bool IsPlainFileName(string name) =>
        name.Length is > 0 and <= 255 && name.IndexOfAny(['/', '\\', ':', '\0']) < 0 && !name.StartsWith('.') && !name.Any(char.IsControl);

    private static TomlTable? ReadTable(string path, List<string> warnings)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > MaxBytes)
            {
                warnings.Add("The original's config.toml is missing, a symbolic link or too large; its settings are not carried over.");
                return null;
            }

            return TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? [];
        }
        catch (TomlException)
        {
            warnings.Add("The original's config.toml is not valid TOML; its settings are not carried over.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"The original's config.toml cannot be read ({exception.Message.TrimEnd('.')}); its settings are not carried over.");
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
