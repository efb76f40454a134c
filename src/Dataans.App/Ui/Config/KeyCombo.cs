namespace Dataans.App.Ui.Config;

/// <summary>
/// A key combination in the original app's format: zero or more of <c>Ctrl</c>, <c>Shift</c>, <c>Alt</c>,
/// <c>Meta</c>, then exactly one key compared with <c>KeyboardEvent.key</c> (case-sensitive), joined by
/// <c>+</c>. The canonical text lists the modifiers in the order Ctrl, Shift, Alt, Meta. Immutable.
/// </summary>
internal sealed record KeyCombo(bool Ctrl, bool Shift, bool Alt, bool Meta, string Key)
{
    private static readonly string[] ModifierNames = ["Ctrl", "Shift", "Alt", "Meta"];

    // KeyboardEvent.key names a binding may use besides one character (and F1–F24).
    private static readonly HashSet<string> NamedKeys =
    [
        "Enter", "Escape", "Tab", "Backspace", "Delete", "Insert", "Home", "End", "PageUp", "PageDown",
        "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "ContextMenu", "Pause", "PrintScreen",
    ];

    public static bool TryParse(string? text, out KeyCombo combo)
    {
        combo = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        string key;
        string[] modifiers;
        if (text == "+" || text.EndsWith("++", StringComparison.Ordinal))
        {
            key = "+";
            modifiers = text.Length <= 2 ? [] : text[..^2].Split('+');
        }
        else
        {
            var parts = text.Split('+');
            key = parts[^1];
            modifiers = parts[..^1];
        }

        if (key.Length == 0 || key.Trim().Length == 0 && key != " " || !IsKey(key))
        {
            return false;
        }

        bool ctrl = false, shift = false, alt = false, meta = false;
        foreach (var modifier in modifiers)
        {
            switch (modifier.Trim().ToLowerInvariant())
            {
                case "ctrl" or "control" when !ctrl: ctrl = true; break;
                case "shift" when !shift: shift = true; break;
                case "alt" when !alt: alt = true; break;
                case "meta" when !meta: meta = true; break;
                default: return false;
            }
        }

        combo = new KeyCombo(ctrl, shift, alt, meta, key);
        return true;
    }

    /// <summary>True for a key a browser reports: one character, a named key such as <c>Delete</c>, or F1–F24 (not <c>Banana</c>).</summary>
    internal static bool IsKey(string key) =>
        new System.Globalization.StringInfo(key).LengthInTextElements == 1
        || NamedKeys.Contains(key)
        || (key.Length is 2 or 3 && key[0] == 'F' && int.TryParse(key[1..], System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 24);

    public override string ToString()
    {
        bool[] flags = [Ctrl, Shift, Alt, Meta];
        var parts = ModifierNames.Where((_, index) => flags[index]).Append(Key);
        return string.Join('+', parts);
    }
}
