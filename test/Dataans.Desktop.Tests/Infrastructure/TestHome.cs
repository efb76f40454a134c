using System.Diagnostics;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>
/// A throw-away user for one test: a home, XDG folders and a data folder of its own, and the environment
/// that makes the real <c>dataans</c> use them (and only the display and bus the test chose).
/// </summary>
internal sealed class TestHome : IDisposable
{
    /// <summary>Variables of the test process that must not leak into the app.</summary>
    private static readonly string[] Cleared =
    [
        "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DATAANS_NO_BROWSER",
        "DATAANS_DATA_DIR", "LD_LIBRARY_PATH", "ASPNETCORE_ENVIRONMENT",
    ];

    public TestHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "dataans-desktop-" + Guid.NewGuid().ToString("N")[..10]);
        // Private, as the app makes a data folder it creates (an open one is tightened, with a line on stderr).
        Directory.CreateDirectory(DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Home);
    }

    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    public string Home => Path.Combine(Root, "home");

    public string DataHome => Path.Combine(Home, ".local", "share");

    public string ConfigHome => Path.Combine(Home, ".config");

    public static string AppDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "dataans.dll");
            Assert.True(File.Exists(dll), $"{dll} was not built next to the tests");
            return dll;
        }
    }

    public static string DotnetHost => System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Sets the test's variables on a process start (null removes one) after clearing inherited ones.</summary>
    public static void Apply(ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var name in Cleared)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
    }

    /// <summary>The app's environment: this home, the given display (none: no variable) and bus (none: one that does not exist).</summary>
    public Dictionary<string, string?> Environment(string? display, string? busAddress = null) => new()
    {
        ["HOME"] = Home,
        ["XDG_DATA_HOME"] = DataHome,
        ["XDG_CONFIG_HOME"] = ConfigHome,
        ["XDG_CACHE_HOME"] = Path.Combine(Home, ".cache"),
        ["DATAANS_DATA_DIR"] = DataDir,
        ["DISPLAY"] = display,
        ["DBUS_SESSION_BUS_ADDRESS"] = busAddress ?? $"unix:path={Path.Combine(Root, "no-bus")}",
        ["NO_COLOR"] = "1",
    };

    /// <summary>Writes config.toml: port 0 (any free port) and the given lines of <c>[app]</c>.</summary>
    public void WriteConfig(params string[] appLines)
    {
        var folder = Path.Combine(DataDir, "configs");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = Path.Combine(folder, "config.toml");
        File.WriteAllText(file, "[app]\nport = 0\n" + string.Concat(appLines.Select(line => line + "\n")));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Runs one CLI command of the real executable to completion.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Tool.RunAsync(DotnetHost, environment, [AppDll, .. args]);

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(Environment(null), args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child still writing: the temp folder is cleaned by the OS.
        }
    }
}
