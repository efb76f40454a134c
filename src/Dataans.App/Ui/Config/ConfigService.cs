using System.Text.RegularExpressions;
using Dataans.Core.Storage;

namespace Dataans.App.Ui.Config;

/// <summary>
/// Owns <c>&lt;data dir&gt;/configs/</c>: writes the default config and themes on first run, reads them,
/// re-reads them when they change on disk, and raises <see cref="Changed"/>. Never throws for a missing or
/// broken file. Thread-safe.
/// </summary>
internal sealed partial class ConfigService : IDisposable
{
    private readonly Lock _lock = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly List<string> _setupWarnings = [];
    private Timer? _debounce;

    public ConfigService(DataDirectory directory)
    {
        Folder = directory.ConfigsPath;
        WriteDefaults();
        Current = Load();
        try
        {
            _watcher = new FileSystemWatcher(Folder, "*.toml") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.Deleted += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PlatformNotSupportedException)
        {
            _watcher = null;
        }
    }

    /// <summary>Raised (on a thread-pool thread) after the files changed and were read again.</summary>
    public event Action<UiConfig>? Changed;

    public string Folder { get; }

    public string ConfigPath => Path.Combine(Folder, DefaultConfigFiles.ConfigFile);

    public UiConfig Current { get; private set; }

    public string ThemePath => Path.Combine(Folder, Current.ThemeFile);

    /// <summary>The theme files in the configs folder.</summary>
    public IReadOnlyList<string> AvailableThemes()
    {
        try
        {
            return Directory.EnumerateFiles(Folder, "theme*.toml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Reads the files again now and raises <see cref="Changed"/>.</summary>
    public UiConfig Reload()
    {
        var config = Load();
        lock (_lock)
        {
            Current = config;
        }

        Changed?.Invoke(config);
        return config;
    }

    /// <summary>Points <c>[appearance] theme</c> at <paramref name="themeFile"/>, keeping the rest of the file as it is.</summary>
    /// <exception cref="IOException">config.toml cannot be written.</exception>
    public UiConfig SetTheme(string themeFile)
    {
        if (themeFile.IndexOfAny(['"', '\n', '\r', '\\']) >= 0)
        {
            throw new ArgumentException("That is not a theme file name.", nameof(themeFile));
        }

        lock (_lock)
        {
            var text = File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : DefaultConfigFiles.ConfigToml;
            File.WriteAllText(ConfigPath, WithTheme(text, themeFile));
        }

        return Reload();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }

    /// <summary>Replaces the theme line of the [appearance] table (or adds the table) in TOML text.</summary>
    internal static string WithTheme(string text, string themeFile)
    {
        var line = $"theme = \"{themeFile}\"";
        var section = AppearanceSection().Match(text);
        if (!section.Success)
        {
            return text.TrimEnd() + $"\n\n[appearance]\n{line}\n";
        }

        var body = section.Groups["body"];
        var themeLine = ThemeLine().Match(body.Value);
        var newBody = themeLine.Success
            ? body.Value[..themeLine.Index] + line + body.Value[(themeLine.Index + themeLine.Length)..]
            : line + "\n" + body.Value;
        return text[..body.Index] + newBody + text[(body.Index + body.Length)..];
    }

    private UiConfig Load()
    {
        var warnings = new List<string>(_setupWarnings);
        string? configText = null;
        try
        {
            configText = File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : null;
            if (configText is null)
            {
                warnings.Add($"{ConfigPath} does not exist; the default settings are used.");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{ConfigPath} cannot be read ({exception.Message}); the default settings are used.");
        }

        return ConfigReader.Read(configText, ReadTheme, warnings);
    }

    private string? ReadTheme(string themeFile)
    {
        var path = Path.GetFullPath(Path.Combine(Folder, themeFile));
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private void WriteDefaults()
    {
        try
        {
            Directory.CreateDirectory(Folder);
            foreach (var (name, text) in DefaultConfigFiles.All)
            {
                var path = Path.Combine(Folder, name);
                if (!File.Exists(path))
                {
                    File.WriteAllText(path, text);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _setupWarnings.Add($"The default settings could not be written to {Folder} ({exception.Message}).");
        }
    }

    private void ScheduleReload()
    {
        // Editors write a file in several steps: read it once they are done.
        lock (_lock)
        {
            _debounce ??= new Timer(_ => Reload());
            _debounce.Change(TimeSpan.FromMilliseconds(150), Timeout.InfiniteTimeSpan);
        }
    }

    [GeneratedRegex(@"^\[appearance\][ \t]*\r?\n(?<body>(?:(?!\[).*(?:\r?\n|$))*)", RegexOptions.Multiline)]
    private static partial Regex AppearanceSection();

    [GeneratedRegex(@"^[ \t]*theme[ \t]*=.*$", RegexOptions.Multiline)]
    private static partial Regex ThemeLine();
}
