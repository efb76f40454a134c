namespace Dataans.App.Desktop;

/// <summary>
/// Turns a shortcut in the original app's syntax (Tauri's global-shortcut: modifiers and one key joined by
/// '+', case-insensitive, e.g. "F2", "CmdOrCtrl+Shift+D", "Alt+Backquote") into a GTK accelerator such as
/// <c>&lt;Control&gt;&lt;Shift&gt;d</c> for keybinder. Pure and thread-safe.
/// </summary>
internal static class GlobalKey
{
    private static readonly Dictionary<string, string> Modifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ctrl"] = "<Control>",
        ["control"] = "<Control>",
        ["cmdorctrl"] = "<Control>",
        ["commandorcontrol"] = "<Control>",
        ["commandorctrl"] = "<Control>",
        ["cmdorcontrol"] = "<Control>",
        ["shift"] = "<Shift>",
        ["alt"] = "<Alt>",
        ["option"] = "<Alt>",
        ["altgr"] = "<Mod5>",
        ["super"] = "<Super>",
        ["meta"] = "<Super>",
        ["cmd"] = "<Super>",
        ["command"] = "<Super>",
    };

    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["space"] = "space",
        ["enter"] = "Return",
        ["return"] = "Return",
        ["tab"] = "Tab",
        ["escape"] = "Escape",
        ["esc"] = "Escape",
        ["backspace"] = "BackSpace",
        ["delete"] = "Delete",
        ["insert"] = "Insert",
        ["home"] = "Home",
        ["end"] = "End",
        ["pageup"] = "Page_Up",
        ["pagedown"] = "Page_Down",
        ["up"] = "Up",
        ["down"] = "Down",
        ["left"] = "Left",
        ["right"] = "Right",
        ["arrowup"] = "Up",
        ["arrowdown"] = "Down",
        ["arrowleft"] = "Left",
        ["arrowright"] = "Right",
        ["backquote"] = "grave",
        ["`"] = "grave",
        ["minus"] = "minus",
        ["-"] = "minus",
        ["equal"] = "equal",
        ["="] = "equal",
        ["comma"] = "comma",
        [","] = "comma",
        ["period"] = "period",
        ["."] = "period",
        ["slash"] = "slash",
        ["/"] = "slash",
        ["backslash"] = "backslash",
        ["\\"] = "backslash",
        ["semicolon"] = "semicolon",
        [";"] = "semicolon",
        ["quote"] = "apostrophe",
        ["'"] = "apostrophe",
        ["bracketleft"] = "bracketleft",
        ["["] = "bracketleft",
        ["bracketright"] = "bracketright",
        ["]"] = "bracketright",
        ["printscreen"] = "Print",
        ["pause"] = "Pause",
        ["scrolllock"] = "Scroll_Lock",
        ["capslock"] = "Caps_Lock",
        ["numlock"] = "Num_Lock",
    };

    /// <summary>False when <paramref name="shortcut"/> is not one modifier-free-or-not key this can grab.</summary>
    public static bool TryParse(string? shortcut, out string accelerator)
    {
        accelerator = string.Empty;
        if (string.IsNullOrWhiteSpace(shortcut))
        {
            return false;
        }

        var parts = shortcut.Split('+', StringSplitOptions.TrimEntries);
        if (parts.Length > 1 && parts[^1].Length == 0 && parts[^2].Length == 0)
        {
            parts = [.. parts[..^2], "plus"]; // "Ctrl++"
        }

        var modifiers = new List<string>();
        foreach (var modifier in parts[..^1])
        {
            if (!Modifiers.TryGetValue(modifier, out var name))
            {
                return false;
            }

            if (!modifiers.Contains(name))
            {
                modifiers.Add(name);
            }
        }

        if (KeyName(parts[^1]) is not { } key)
        {
            return false;
        }

        accelerator = string.Concat(modifiers) + key;
        return true;
    }

    private static string? KeyName(string key)
    {
        if (key.Length == 0)
        {
            return null;
        }

        if (Keys.TryGetValue(key, out var named))
        {
            return named;
        }

        if (key.Equals("plus", StringComparison.OrdinalIgnoreCase))
        {
            return "plus";
        }

        var bare = key.StartsWith("Key", StringComparison.OrdinalIgnoreCase) && key.Length == 4 ? key[3..]
            : key.StartsWith("Digit", StringComparison.OrdinalIgnoreCase) && key.Length == 6 ? key[5..]
            : key;
        if (bare.Length == 1 && char.IsAsciiLetterOrDigit(bare[0]))
        {
            return bare.ToLowerInvariant();
        }

        if (key.StartsWith("Numpad", StringComparison.OrdinalIgnoreCase) && key.Length == 7 && char.IsAsciiDigit(key[6]))
        {
            return "KP_" + key[6];
        }

        if ((key[0] is 'F' or 'f') && int.TryParse(key.AsSpan(1), out var number) && number is >= 1 and <= 24 && key.Length <= 3)
        {
            return "F" + number;
        }

        return null;
    }
}
