using System.Text;
using Dataans.Core.Storage;

namespace Dataans.App.Desktop;

/// <summary>
/// The XDG desktop entries of the app: the launcher entry and icon (<c>dataans desktop install</c>) and the
/// autostart entry (the settings page's switch). Each points at the executable that is running now, with
/// the data folder when it is not the default one. Stateless; every call reads or writes the files.
/// </summary>
internal static class DesktopEntries
{
    public const string EntryFileName = "dataans.desktop";

    /// <summary><c>$XDG_DATA_HOME/applications/dataans.desktop</c>.</summary>
    public static string LauncherPath => Path.Combine(XdgFolders.DataHome, "applications", EntryFileName);

    /// <summary><c>$XDG_DATA_HOME/icons/hicolor/scalable/apps/dataans.svg</c>.</summary>
    public static string IconPath => Path.Combine(XdgFolders.DataHome, "icons", "hicolor", "scalable", "apps", AppIcon.Name + ".svg");

    /// <summary><c>$XDG_CONFIG_HOME/autostart/dataans.desktop</c>.</summary>
    public static string AutostartPath => Path.Combine(XdgFolders.ConfigHome, "autostart", EntryFileName);

    public static bool IsAutostartEnabled => File.Exists(AutostartPath);

    /// <summary>Writes the launcher entry and the icon; returns the entry's path.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static string Install(DataDirectory data)
    {
        Write(IconPath, AppIcon.Svg);
        Write(LauncherPath, Entry(data, autostart: false));
        return LauncherPath;
    }

    /// <summary>Removes the launcher entry, the icon and the autostart entry; returns the files that were there.</summary>
    public static IReadOnlyList<string> Uninstall()
    {
        var removed = new List<string>();
        foreach (var path in new[] { LauncherPath, IconPath, AutostartPath }.Where(File.Exists))
        {
            File.Delete(path);
            removed.Add(path);
        }

        return removed;
    }

    /// <summary>Writes or removes the autostart entry (which starts the app hidden in the tray).</summary>
    /// <exception cref="IOException">The entry cannot be written or removed.</exception>
    public static void SetAutostart(DataDirectory data, bool enabled)
    {
        if (enabled)
        {
            Write(AutostartPath, Entry(data, autostart: true));
        }
        else if (File.Exists(AutostartPath))
        {
            File.Delete(AutostartPath);
        }
    }

    /// <summary>The text of a desktop entry that starts this executable on <paramref name="data"/>.</summary>
    public static string Entry(DataDirectory data, bool autostart)
    {
        var command = new List<string>(CurrentCommand());
        if (!IsDefaultDataFolder(data))
        {
            command.AddRange(["--data-dir", data.Root]);
        }

        if (autostart)
        {
            command.Add("--hidden");
        }

        var text = new StringBuilder()
            .Append("[Desktop Entry]\n")
            .Append("Type=Application\n")
            .Append("Name=Dataans\n")
            .Append("GenericName=Notes\n")
            .Append("Comment=Short Markdown notes grouped into spaces, kept on this computer\n")
            .Append("Exec=").Append(string.Join(' ', command.Select(ExecArgument))).Append('\n')
            .Append("Icon=").Append(AppIcon.Name).Append('\n')
            .Append("Terminal=false\n")
            .Append("Categories=Office;\n")
            .Append("Keywords=notes;markdown;\n")
            .Append("StartupWMClass=").Append(AppIcon.Name).Append('\n');
        if (autostart)
        {
            text.Append("X-GNOME-Autostart-enabled=true\n");
        }

        return text.ToString();
    }

    /// <summary>The running executable: the app host, or <c>dotnet dataans.dll</c> when started through dotnet.</summary>
    public static IReadOnlyList<string> CurrentCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The running executable's path is unknown.");
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return [process, Path.Combine(AppContext.BaseDirectory, "dataans.dll")];
        }

        return [process];
    }

    /// <summary>
    /// Quotes one argument of Exec= as the Desktop Entry spec asks: reserved characters inside double quotes,
    /// with " ` $ \ escaped by a backslash, then backslashes doubled for the string value, and % doubled.
    /// </summary>
    internal static string ExecArgument(string argument)
    {
        var plain = argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "/._+-=:,@".Contains(c));
        var quoted = plain ? argument : "\"" + string.Concat(argument.Select(c => c is '"' or '`' or '$' or '\\' ? "\\" + c : c.ToString())) + "\"";
        return quoted.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "%%", StringComparison.Ordinal);
    }

    private static bool IsDefaultDataFolder(DataDirectory data) =>
        string.Equals(data.Root, Path.GetFullPath(Path.Combine(XdgFolders.DataHome, "dataans")), StringComparison.Ordinal);

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
