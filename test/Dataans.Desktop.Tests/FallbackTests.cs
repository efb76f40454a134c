using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary>
/// Where the desktop window cannot be made (no display, no WebKitGTK) the app says so in one line and
/// takes today's browser path; --browser takes it on purpose. The "browser" is a stand-in xdg-open on PATH
/// that records the address it was asked to open.
/// </summary>
public sealed class FallbackTests(XvfbServer xvfb) : IClassFixture<XvfbServer>, IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task NoDisplay_SaysSoInOneLine_AndOpensTheBrowser()
    {
        var environment = WithRecordingBrowser(_home.Environment(display: null));

        await using var app = DataansApp.Start(environment);

        var opened = await OpenedAddressAsync(app);
        Assert.Equal(await app.AddressAsync(), opened);
        Assert.Equal(["No desktop window: no display (DISPLAY and WAYLAND_DISPLAY are unset); opening the browser instead."], app.Stderr);

        // What the running app created (lock, settings, database) is as private as the folder (issue 14, item 6).
        const UnixFileMode othersAndGroup = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var open = Directory.EnumerateFileSystemEntries(_home.DataDir, "*", SearchOption.AllDirectories)
            .Where(path => (File.GetUnixFileMode(path) & othersAndGroup) != 0).ToList();
        Assert.True(open.Count == 0, "readable by other accounts: " + string.Join(", ", open));
    }

    [Fact]
    public async Task NoWebKitGtk_SaysSoInOneLine_AndOpensTheBrowser()
    {
        // A file that is not a library shadows WebKitGTK, as on a machine where it is missing or broken.
        var libraries = Path.Combine(_home.Root, "broken-libs");
        Directory.CreateDirectory(libraries);
        await File.WriteAllTextAsync(Path.Combine(libraries, "libwebkit2gtk-4.1.so.0"), "not a library");
        var environment = WithRecordingBrowser(_home.Environment(xvfb.Display));
        environment["LD_LIBRARY_PATH"] = libraries;

        await using var app = DataansApp.Start(environment);

        var opened = await OpenedAddressAsync(app);
        Assert.Equal(await app.AddressAsync(), opened);
        Assert.Equal(["No desktop window: libwebkit2gtk-4.1.so.0 cannot be loaded (install libwebkit2gtk-4.1-0); opening the browser instead."], app.Stderr);
        Assert.Null(await new X11(xvfb.Display).VisibleWindowAsync());
    }

    [Fact]
    public async Task BrowserOption_OpensTheBrowserInsteadOfTheWindow()
    {
        var environment = WithRecordingBrowser(_home.Environment(xvfb.Display));

        await using var app = DataansApp.Start(environment, "--browser");

        var opened = await OpenedAddressAsync(app);
        Assert.Equal(await app.AddressAsync(), opened);
        Assert.Empty(app.Stderr);
        Assert.Null(await new X11(xvfb.Display).VisibleWindowAsync());
    }

    private string OpenedFile => Path.Combine(_home.Root, "opened.txt");

    /// <summary>Puts an xdg-open first on PATH that writes down what it was asked to open.</summary>
    private Dictionary<string, string?> WithRecordingBrowser(Dictionary<string, string?> environment)
    {
        _home.WriteConfig();
        var bin = Path.Combine(_home.Root, "bin");
        Directory.CreateDirectory(bin);
        var opener = Path.Combine(bin, "xdg-open");
        File.WriteAllText(opener, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{OpenedFile}'\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        return environment;
    }

    private async Task<Uri> OpenedAddressAsync(DataansApp app)
    {
        var line = await Eventually.ValueAsync(
            () => Task.FromResult(File.Exists(OpenedFile) ? File.ReadAllLines(OpenedFile).FirstOrDefault() : app.Process.HasExited ? throw new InvalidOperationException(app.Output) : null),
            "the browser to be asked to open the app");
        return new Uri(line);
    }
}
