using System.Globalization;
using Tomlyn;
using Tomlyn.Model;

namespace Dataans.App.Ui.Config;

/// <summary>Reads a theme file: a flat TOML table of <c>name = "css value"</c>, every pair a CSS variable.</summary>
internal static class ThemeReader
{
    /// <summary>
    /// Parses <paramref name="text"/>; unusable entries are skipped with a warning. Values that could end
    /// the CSS declaration they are placed in (<c>; { } &lt; &gt;</c>, line breaks) are refused.
    /// </summary>
    /// <exception cref="TomlException">The text is not valid TOML.</exception>
    public static Dictionary<string, string> Parse(string text, string fileName, List<string> warnings)
    {
        var table = TomlSerializer.Deserialize<TomlTable>(text) ?? [];
        var theme = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in table)
        {
            var value = raw switch
            {
                string s => s,
                long or double => Convert.ToString(raw, CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is null || !IsSafeName(name) || !IsSafeValue(value))
            {
                warnings.Add($"{fileName}: '{name}' is not a usable CSS value and was skipped.");
                continue;
            }

            theme[name] = value.Trim();
        }

        return theme;
    }

    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsSafeValue(string value) =>
        value.Length <= 200 && value.IndexOfAny([';', '{', '}', '<', '>', '\n', '\r', '\\', '"']) < 0;
}
