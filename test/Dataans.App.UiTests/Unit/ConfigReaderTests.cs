using Dataans.App.Ui.Config;

namespace Dataans.App.UiTests.Unit;

public sealed class ConfigReaderTests
{
    private static readonly string[] OriginalThemeKeys =
    [
        "notes-background-color", "notes-border-color", "note-background-color", "note-text-color", "note-quote-text-color",
        "note-inline-background-color", "note-inline-background-color-hover", "note-inline-code-text-color", "note-font-size",
        "note-link-color", "note-headers-text-color", "note-time-label-text-color", "note-table-border-color",
        "note-code-block-background-color", "note-focus-border-color", "messages-info-background-color", "messages-info-text-color",
        "messages-editor-background-color", "messages-editor-text-color", "editor-file-background-color", "spaces-background-color",
        "spaces-tools-background-color", "spaces-tools-border-color", "spaces-tools-text-color", "spaces-font-size",
        "space-background-color", "space-text-color", "space-hover-background-color", "space-selected-background-color",
        "tools-button-hover", "tools-panel-height", "input-border-color", "input-background-color", "input-text-color",
        "button-cancel-color", "button-ok-background-color", "button-ok-text-color", "button-ok-outline-color",
        "confirm-background-color", "confirm-text-color", "confirm-ok-button-background-color", "confirm-ok-button-text-color",
        "confirm-cancel-button-background-color", "confirm-cancel-button-text-color", "search-note-label-background-color",
        "search-note-label-text-color", "note-preview-space-name-color", "note-preview-note-text-color",
        "note-preview-selected-note-background-color", "app-info-window-background-color", "app-info-window-text-color",
    ];

    [Fact]
    public void DefaultFiles_ReadWithoutWarnings_AndHaveTheOriginalDefaults()
    {
        var config = Read(DefaultConfigFiles.ConfigToml, DefaultConfigFiles.DarkThemeToml);

        Assert.Empty(config.Warnings);
        Assert.Equal(7780, config.Port);
        Assert.Equal("theme_dark.toml", config.ThemeFile);
        Assert.Equal(
            ["Ctrl+s", "Ctrl+n", "Ctrl+e", "Ctrl+Delete", "Alt+1", "Alt+2", "Ctrl+f", "Ctrl+m", "Ctrl+r"],
            KeyActions.All.Select(entry => config.KeyBindings[entry.Action].ToString()));
    }

    [Theory]
    [InlineData(DefaultConfigFiles.DarkThemeToml)]
    [InlineData(DefaultConfigFiles.LightThemeToml)]
    public void ShippedThemes_DefineEveryKeyOfTheOriginal(string theme)
    {
        var warnings = new List<string>();
        var values = ThemeReader.Parse(theme, "theme.toml", warnings);

        Assert.Empty(warnings);
        Assert.Equal(51, OriginalThemeKeys.Length);
        Assert.All(OriginalThemeKeys, key => Assert.True(values.ContainsKey(key), key));
    }

    [Fact]
    public void BrokenToml_FallsBackToDefaults_WithAWarningNamingTheFile()
    {
        var config = Read("[key-bindings\nfind-note = = 1", DefaultConfigFiles.DarkThemeToml);

        var warning = Assert.Single(config.Warnings);
        Assert.StartsWith("config.toml is not valid TOML", warning, StringComparison.Ordinal);
        Assert.Equal("Ctrl+f", config.KeyBindings[KeyActions.FindNote].ToString());
    }

    [Fact]
    public void BadValues_KeepTheirDefaults_AndSaySo()
    {
        var config = Read(
            "[key-bindings]\nfind-note = \"Hyper+f\"\nfly = \"Ctrl+y\"\ncreate-space = \"Shift+Ctrl+N\"\n[app]\nport = 70000\n",
            DefaultConfigFiles.DarkThemeToml);

        Assert.Equal("Ctrl+f", config.KeyBindings[KeyActions.FindNote].ToString());
        Assert.Equal("Ctrl+Shift+N", config.KeyBindings[KeyActions.CreateSpace].ToString());
        Assert.Equal(7780, config.Port);
        Assert.Equal(3, config.Warnings.Count);
        Assert.Contains(config.Warnings, warning => warning.Contains("find-note", StringComparison.Ordinal));
        Assert.Contains(config.Warnings, warning => warning.Contains("'fly'", StringComparison.Ordinal));
        Assert.Contains(config.Warnings, warning => warning.Contains("port", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingTheme_UsesTheBuiltInDarkTheme()
    {
        var config = ConfigReader.Read("[appearance]\ntheme = \"nope.toml\"\n", _ => null, []);

        Assert.Contains("nope.toml does not exist; the built-in dark theme is used.", config.Warnings);
        Assert.Equal("#1e2127", config.Theme["notes-background-color"]);
    }

    [Fact]
    public void ThemeValues_ThatCouldEscapeTheirDeclaration_AreRefused()
    {
        var config = Read(DefaultConfigFiles.ConfigToml, "note-text-color = \"red; background: url(x)\"\nnote-link-color = \"#fff\"\n\"bad key!\" = \"1px\"\n");

        Assert.Equal(2, config.Warnings.Count);
        Assert.Equal("#d7dae0", config.Theme["note-text-color"]);
        Assert.Equal("#fff", config.Theme["note-link-color"]);
        Assert.Contains("--note-link-color: #fff;", config.ThemeStyle, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[appearance]\ntheme = \"theme_dark.toml\"\n\n[app]\nport = 1\n", "[appearance]\ntheme = \"x.toml\"\n\n[app]\nport = 1\n")]
    [InlineData("# c\n[appearance]\n# which\ntheme=\"a\" # old\n", "# c\n[appearance]\n# which\ntheme = \"x.toml\"\n")]
    [InlineData("[app]\nport = 1\n", "[app]\nport = 1\n\n[appearance]\ntheme = \"x.toml\"\n")]
    public void WithTheme_ChangesOnlyTheThemeLine(string before, string after) =>
        Assert.Equal(after, ConfigService.WithTheme(before, "x.toml"));

    [Theory]
    [InlineData("Ctrl+s", "Ctrl+s")]
    [InlineData("shift+ctrl+K", "Ctrl+Shift+K")]
    [InlineData("Alt+Meta+1", "Alt+Meta+1")]
    [InlineData("Ctrl++", "Ctrl++")]
    [InlineData("F2", "F2")]
    [InlineData("Ctrl+Delete", "Ctrl+Delete")]
    public void KeyCombo_ParsesToTheCanonicalForm(string text, string canonical)
    {
        Assert.True(KeyCombo.TryParse(text, out var combo));
        Assert.Equal(canonical, combo.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ctrl+")]
    [InlineData("Hyper+x")]
    [InlineData("Ctrl+Ctrl+x")]
    [InlineData("Ctrl+Banana")]
    [InlineData("F25")]
    [InlineData("Alt+enter")]
    public void KeyCombo_RefusesWhatIsNotACombination(string text) => Assert.False(KeyCombo.TryParse(text, out _));

    [Fact]
    public void InvalidBinding_IsReported_AndTheDefaultKept()
    {
        var config = Read("[key-bindings]\nfind-note = \"Ctrl+Banana\"\n", string.Empty);

        Assert.Equal("Ctrl+f", config.KeyBindings[KeyActions.FindNote].ToString());
        Assert.Contains(config.Warnings, warning => warning.Contains("find-note = 'Ctrl+Banana' is not a key combination", StringComparison.Ordinal));
    }

    private static UiConfig Read(string config, string theme) => ConfigReader.Read(config, _ => theme, []);
}
