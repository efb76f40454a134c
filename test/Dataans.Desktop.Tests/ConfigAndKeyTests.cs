using Dataans.App.Desktop;
using Dataans.App.Ui.Config;

namespace Dataans.Desktop.Tests;

/// <summary>The <c>[app]</c> window keys as config.toml gives them, and the toggle key's syntax (the original's).</summary>
public sealed class ConfigAndKeyTests
{
    [Theory]
    [InlineData("F2", "F2")]
    [InlineData("f12", "F12")]
    [InlineData("CmdOrCtrl+Shift+D", "<Control><Shift>d")]
    [InlineData("CommandOrControl+KeyK", "<Control>k")]
    [InlineData("Alt+Backquote", "<Alt>grave")]
    [InlineData("Super+Space", "<Super>space")]
    [InlineData("ctrl+alt+Digit1", "<Control><Alt>1")]
    [InlineData("Shift+PageDown", "<Shift>Page_Down")]
    [InlineData("Ctrl++", "<Control>plus")]
    public void GlobalKey_OriginalSyntax_BecomesAGtkAccelerator(string shortcut, string accelerator)
    {
        Assert.True(GlobalKey.TryParse(shortcut, out var parsed));
        Assert.Equal(accelerator, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ctrl+")]
    [InlineData("Hyper+F2")]
    [InlineData("F25")]
    [InlineData("Ctrl+Shift")]
    [InlineData("Ctrl+Enterprise")]
    public void GlobalKey_NotAShortcut_IsRefused(string shortcut) => Assert.False(GlobalKey.TryParse(shortcut, out _));

    [Fact]
    public void AppTable_OriginalAndNewKeys_AreRead()
    {
        var config = Read("""
            [app]
            app-toggle = "CmdOrCtrl+Shift+K"
            always-on-top = true
            hide-window-decorations = true
            hide-taskbar-icon = true
            drop-down = true
            drop-down-height = 420
            hide-on-focus-loss = true
            base-path = ""
            """);

        Assert.Equal(new DesktopSettings("CmdOrCtrl+Shift+K", true, true, true, true, 420, true), config.Desktop);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void AppTable_Missing_KeepsTheOriginalDefaults()
    {
        var config = Read("[key-bindings]\n");

        Assert.Equal(new DesktopSettings("F2", false, false, false, false, 0.5, false), config.Desktop);
    }

    [Fact]
    public void DefaultConfigFile_HoldsEveryWindowKeyWithItsDefault()
    {
        var config = Read(DefaultConfigFiles.ConfigToml);

        Assert.Equal(DesktopSettings.Defaults, config.Desktop);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void AppTable_UnknownAndBadKeys_AreWarnedAbout_AndKeepTheirDefaults()
    {
        var config = Read("""
            [app]
            app-toggle = "Hyper+Q"
            always-on-top = "yes"
            drop-down-height = 2.5
            base-path = "/mnt/notes"
            window-opacity = 0.9
            """);

        Assert.Equal(DesktopSettings.Defaults, config.Desktop);
        Assert.Equal(
            [
                "config.toml: [app] has no setting named 'window-opacity'; it is ignored.",
                "config.toml: [app] app-toggle = 'Hyper+Q' is not a shortcut such as \"F2\" or \"CmdOrCtrl+Shift+D\"; F2 is used.",
                "config.toml: [app] always-on-top must be true or false.",
                "config.toml: [app] drop-down-height must be a fraction of the screen such as 0.5 or a number of pixels such as 400; 0.5 is used.",
                "config.toml: [app] base-path is not used by this app (the data folder holds this file); start it with --data-dir or DATAANS_DATA_DIR instead.",
            ],
            config.Warnings.Where(warning => warning.Contains("[app]", StringComparison.Ordinal)));
    }

    [Fact]
    public void AppTable_EmptyToggle_MeansNoGlobalKey()
    {
        var config = Read("[app]\napp-toggle = \"\"\n");

        Assert.Null(config.Desktop.ToggleAccelerator);
        Assert.Empty(config.Warnings);
    }

    private static UiConfig Read(string toml) => ConfigReader.Read(toml, _ => DefaultConfigFiles.DarkThemeToml, []);
}
