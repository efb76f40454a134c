using System.Text;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Carries the original's key bindings and theme choice into our <c>configs/config.toml</c> (the same
/// format). With no config of ours yet, the original's whole file is copied (its <c>[app]</c> window
/// settings mean the same here); otherwise only the <c>[key-bindings]</c> entries and <c>[appearance] theme</c>
/// lines are replaced, keeping every comment and other setting. A theme file this app lacks is copied
/// from the original's configs folder. Never throws for bad input: problems become warnings.
/// Not thread-safe with other writers of the same config.
/// </summary>
internal static partial class OriginalSettingsImport
{
    /// <returns>True when our config or a theme file was written.</returns>
    public static bool Apply(OriginalLocation location, string ourConfigs, List<string> warnings)
    {
        if (location.ConfigFile is not { } originalConfig)
        {
            return false;
        }

        var original = OriginalConfig.Read(originalConfig);
        warnings.AddRange(original.Warnings);
        if (original.Warnings.Count > 0 && original.KeyBindings.Count == 0 && original.Theme is null)
        {
            return false;
        }

        try
        {
            Directory.CreateDirectory(ourConfigs);
            var changed = CopyTheme(location, original.Theme, ourConfigs, warnings);
            var ourConfig = Path.Combine(ourConfigs, "config.toml");
            if (!File.Exists(ourConfig))
            {
                File.Copy(originalConfig, ourConfig);
                return true;
            }

            var text = File.ReadAllText(ourConfig);
            var edited = text;
            foreach (var (action, combo) in original.KeyBindings)
            {
                edited = SetValue(edited, "key-bindings", action, combo);
            }

            if (original.Theme is { } theme && File.Exists(Path.Combine(ourConfigs, theme)))
            {
                edited = SetValue(edited, "appearance", "theme", theme);
            }

            if (edited == text)
            {
                return changed;
            }

            if (!ReadsBack(edited, original))
            {
                warnings.Add("This app's config.toml has a shape the import cannot edit safely; the original's key bindings and theme were not carried over.");
                return changed;
            }

            File.WriteAllText(ourConfig, edited);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"The original's settings could not be written to this app's config ({exception.Message.TrimEnd('.')}).");
            return false;
        }
    }

    /// <summary>Copies the chosen theme file when this app has none of that name.</summary>
    private static bool CopyTheme(OriginalLocation location, string? theme, string ourConfigs, List<string> warnings)
    {
        if (theme is null || File.Exists(Path.Combine(ourConfigs, theme)))
        {
            return false;
        }

        var source = new FileInfo(Path.Combine(location.ConfigsFolder!, theme));
        if (!source.Exists || source.LinkTarget is not null || source.Length > OriginalConfig.MaxBytes)
        {
            warnings.Add($"The original's theme '{theme}' is missing, a symbolic link or too large; this app's theme is kept.");
            return false;
        }

        source.CopyTo(Path.Combine(ourConfigs, theme));
        return true;
    }

    /// <summary>Replaces (or adds) <c>key = "value"</c> in <c>[table]</c>, keeping everything else as it is.</summary>
    internal static string SetValue(string text, string table, string key, string value)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var entry = $"{key} = \"{Escape(value)}\"";
        var header = lines.FindIndex(line => HeaderPattern().Match(line) is { Success: true } match && match.Groups[1].Value == table);
        if (header < 0)
        {
            var tail = lines.Count > 0 && lines[^1].Length == 0 ? string.Empty : newline;
            return text + tail + newline + $"[{table}]" + newline + entry + newline;
        }

        var end = lines.FindIndex(header + 1, line => line.TrimStart().StartsWith('['));
        end = end < 0 ? lines.Count : end;
        var keyPattern = new Regex($"^\\s*(\"?){Regex.Escape(key)}\\1\\s*=");
        var existing = lines.FindIndex(header + 1, end - header - 1, line => keyPattern.IsMatch(line));
        if (existing >= 0)
        {
            var indent = lines[existing][..(lines[existing].Length - lines[existing].TrimStart().Length)];
            lines[existing] = indent + entry;
        }
        else
        {
            var last = end - 1;
            while (last > header && lines[last].Trim().Length == 0)
            {
                last--;
            }

            lines.Insert(last + 1, entry);
        }

        return string.Join(newline, lines);
    }

    private static bool ReadsBack(string text, OriginalConfig original)
    {
        try
        {
            var root = TomlSerializer.Deserialize<TomlTable>(text) ?? [];
            var keys = root.TryGetValue("key-bindings", out var table) ? table as TomlTable : null;
            return original.KeyBindings.All(pair => keys is not null && keys.TryGetValue(pair.Key, out var value) && value as string == pair.Value);
        }
        catch (TomlException)
        {
            return false;
        }
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            builder.Append(character switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => character.ToString(),
            });
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")]
    private static partial Regex HeaderPattern();
}
