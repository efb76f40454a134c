namespace Dataans.App.Ui.Config;

/// <summary>
/// Which key combinations a user may bind to an action from the settings page: a real key, with Ctrl, Alt
/// or Meta unless it is F1–F24 (a bare key would fire while typing), not a key the editor or the browser
/// already uses, and not one another action has.
/// </summary>
internal static class KeyBindingRules
{
    // Keys the note editor and the text boxes handle themselves (compared without regard to case).
    private static readonly (string Combo, string Use)[] Reserved =
    [
        ("Ctrl+b", "bold in the editor"), ("Ctrl+i", "italic in the editor"), ("Ctrl+k", "a link in the editor"),
        ("Ctrl+Shift+m", "inline code in the editor"), ("Ctrl+Shift+q", "a quote in the editor"),
        ("Ctrl+c", "copy"), ("Ctrl+v", "paste"), ("Ctrl+x", "cut"), ("Ctrl+z", "undo"), ("Ctrl+Shift+z", "redo"),
        ("Ctrl+y", "redo"), ("Ctrl+a", "select all"),
    ];

    /// <summary>Why <paramref name="combo"/> cannot be bound to <paramref name="action"/> (one sentence), or null when it can.</summary>
    public static string? Problem(string action, KeyCombo combo, IReadOnlyDictionary<string, KeyCombo> bindings)
    {
        if (!KeyCombo.IsKey(combo.Key))
        {
            return $"{combo} cannot be a shortcut: '{combo.Key}' is not a key a shortcut can use.";
        }

        if (!combo.Ctrl && !combo.Alt && !combo.Meta && !IsFunctionKey(combo.Key))
        {
            return $"{combo} would fire while typing: a shortcut needs Ctrl, Alt or Meta, or a key F1–F24.";
        }

        if (Reserved.FirstOrDefault(entry => string.Equals(entry.Combo, combo.ToString(), StringComparison.OrdinalIgnoreCase)) is { Use: { } use })
        {
            return $"{combo} is taken: it is {use}.";
        }

        var other = bindings.FirstOrDefault(pair => pair.Key != action && pair.Value == combo).Key;
        return other is null ? null : $"{combo} already does '{Describe(other)}'.";
    }

    /// <summary>The settings page's description of an action, e.g. "Search all notes".</summary>
    public static string Describe(string action) =>
        KeyActions.All.FirstOrDefault(entry => entry.Action == action).Description ?? action;

    private static bool IsFunctionKey(string key) =>
        key.Length is 2 or 3 && key[0] == 'F' && int.TryParse(key[1..], System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 24;
}
