using System.Text.RegularExpressions;
using Dataans.Core.Storage;

namespace Dataans.App.Ui.Config;

/// <summary>
/// Owns <c>&lt;data dir&gt;/configs/</c>: writes the default config and themes on first run, reads them,
/// re-reads them when they change on disk, and raises <see cref="Changed"/>. Never throws for a missing or
/// broken file. Thread-safe.
/// </summary>
internal sealed class ConfigService : IDisposable
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
            WritePrivately(ConfigPath, WithTheme(text, themeFile));
        }

        return Reload();
    }

    /// <summary>Binds <paramref name="action"/> to <paramref name="combo"/> in <c>[key-bindings]</c>, keeping the rest of the file as it is.</summary>
    /// <exception cref="ArgumentException">The action is unknown or the combination may not be bound (the message says why).</exception>
    /// <exception cref="IOException">config.toml cannot be written.</exception>
    public UiConfig SetKeyBinding(string action, KeyCombo combo)
    {
        if (!KeyActions.Defaults.ContainsKey(action))
        {
            throw new ArgumentException($"There is no action '{action}'.", nameof(action));
        }

        lock (_lock)
        {
            if (KeyBindingRules.Problem(action, combo, Current.KeyBindings) is { } problem)
            {
                throw new ArgumentException(problem);
            }

            var text = File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : DefaultConfigFiles.ConfigToml;
            WritePrivately(ConfigPath, WithTableValue(text, "key-bindings", action, TomlString(combo.ToString())));
        }

        return Reload();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }

    /// <summary>Replaces the theme line of the [appearance] table (or adds the table) in TOML text.</summary>
    internal static string WithTheme(string text, string themeFile) =>
        WithTableValue(text, "appearance", "theme", TomlString(themeFile));

    /// <summary>
    /// Sets <c>key = value</c> in a top-level table of TOML text: replaces the key's line, or adds the line at the
    /// top of the table, or adds the table at the end. Comments and every other line stay as they are.
    /// </summary>
    internal static string WithTableValue(string text, string table, string key, string value)
    {
        var line = $"{key} = {value}";
        var section = new Regex($@"^\[{Regex.Escape(table)}\][ \t]*\r?\n(?<body>(?:(?!\[).*(?:\r?\n|$))*)", RegexOptions.Multiline).Match(text);
        if (!section.Success)
        {
            return text.TrimEnd() + $"\n\n[{table}]\n{line}\n";
        }

        var body = section.Groups["body"];
        var keyLine = new Regex($@"^[ \t]*{Regex.Escape(key)}[ \t]*=.*$", RegexOptions.Multiline).Match(body.Value);
        var newBody = keyLine.Success
            ? body.Value[..keyLine.Index] + line + body.Value[(keyLine.Index + keyLine.Length)..]
            : line + "\n" + body.Value;
        return text[..body.Index] + newBody + text[(body.Index + body.Length)..];
    }

    /// <summary>A TOML basic string holding <paramref name="value"/>.</summary>
    internal static string TomlString(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

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
            PrivateDataFolder.CreateFolder(Folder);
            foreach (var (name, text) in DefaultConfigFiles.All)
            {
                var path = Path.Combine(Folder, name);
                if (!File.Exists(path))
                {
                    WritePrivately(path, text);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _setupWarnings.Add($"The default settings could not be written to {Folder} ({exception.Message}).");
        }
    }

    /// <summary>Writes a settings file of the data folder; a new one is private (0600) like the folder's other files.</summary>
    private static void WritePrivately(string path, string text)
    {
        using var stream = new FileStream(path, PrivateDataFolder.NewFile(FileMode.Create, FileOptions.None, 4096));
        using var writer = new StreamWriter(stream);
        writer.Write(text);
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
}
