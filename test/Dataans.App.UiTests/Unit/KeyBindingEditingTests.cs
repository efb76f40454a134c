using Dataans.App.Ui.Config;
using Dataans.Core.Storage;

namespace Dataans.App.UiTests.Unit;

/// <summary>Key bindings changed from the settings page (18.11): which combinations are refused, and how config.toml is rewritten.</summary>
public sealed class KeyBindingEditingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataans-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Ctrl+j", null)]
    [InlineData("Alt+Shift+F", null)]
    [InlineData("F7", null)]
    [InlineData("j", "j would fire while typing: a shortcut needs Ctrl, Alt or Meta, or a key F1–F24.")]
    [InlineData("Shift+J", "Shift+J would fire while typing: a shortcut needs Ctrl, Alt or Meta, or a key F1–F24.")]
    [InlineData("Ctrl+m", "Ctrl+m already does 'Search the selected space'.")]
    [InlineData("Ctrl+B", "Ctrl+B is taken: it is bold in the editor.")]
    [InlineData("Ctrl+v", "Ctrl+v is taken: it is paste.")]
    public void Problem_NamesWhyACombinationCannotBeBound(string keys, string? problem)
    {
        Assert.True(KeyCombo.TryParse(keys, out var combo));

        Assert.Equal(problem, KeyBindingRules.Problem(KeyActions.FindNote, combo, KeyActions.Defaults));
    }

    [Fact]
    public void Problem_RefusesAKeyNoBrowserReports() =>
        Assert.Equal(
            "Ctrl+Banana cannot be a shortcut: 'Banana' is not a key a shortcut can use.",
            KeyBindingRules.Problem(KeyActions.FindNote, new KeyCombo(true, false, false, false, "Banana"), KeyActions.Defaults));

    [Fact]
    public void Problem_AllowsAnActionItsOwnKeys() =>
        Assert.Null(KeyBindingRules.Problem(KeyActions.FindNote, KeyActions.Defaults[KeyActions.FindNote], KeyActions.Defaults));

    [Theory]
    [InlineData("[key-bindings]\n# search\nfind-note = \"Ctrl+f\"\nfind-note-in-selected-space = \"Ctrl+m\"\n", "[key-bindings]\n# search\nfind-note = \"Ctrl+j\"\nfind-note-in-selected-space = \"Ctrl+m\"\n")]
    [InlineData("[key-bindings]\nfind-note-in-selected-space = \"Ctrl+m\"\n\n[app]\nport = 1\n", "[key-bindings]\nfind-note = \"Ctrl+j\"\nfind-note-in-selected-space = \"Ctrl+m\"\n\n[app]\nport = 1\n")]
    [InlineData("[app]\nport = 1\n", "[app]\nport = 1\n\n[key-bindings]\nfind-note = \"Ctrl+j\"\n")]
    public void WithTableValue_ChangesOnlyThatKeysLine(string before, string after) =>
        Assert.Equal(after, ConfigService.WithTableValue(before, "key-bindings", "find-note", "\"Ctrl+j\""));

    [Theory]
    [InlineData("Ctrl+\"", "\"Ctrl+\\\"\"")]
    [InlineData("Ctrl+\\", "\"Ctrl+\\\\\"")]
    public void TomlString_EscapesQuotesAndBackslashes(string value, string toml) =>
        Assert.Equal(toml, ConfigService.TomlString(value));

    [Fact]
    public void SetKeyBinding_WritesConfigToml_AndTheNewConfigReadsItBack()
    {
        using var config = new ConfigService(new DataDirectory(_root));
        Assert.True(KeyCombo.TryParse("Ctrl+\"", out var quote));

        var changed = config.SetKeyBinding(KeyActions.FindNote, quote);

        Assert.Equal(quote, changed.KeyBindings[KeyActions.FindNote]);
        Assert.Empty(changed.Warnings);
        Assert.Contains("find-note = \"Ctrl+\\\"\"", File.ReadAllText(config.ConfigPath), StringComparison.Ordinal);
        Assert.Contains("# Dataans settings.", File.ReadAllText(config.ConfigPath), StringComparison.Ordinal);
        var taken = Assert.Throws<ArgumentException>(() => config.SetKeyBinding(KeyActions.CreateSpace, quote));
        Assert.Equal("Ctrl+\" already does 'Search all notes'.", taken.Message);
    }
}
