using System.Reflection;

namespace Dataans.App.Ui;

/// <summary>The app's version: in full for the settings page, MAJOR.MINOR for the spaces panel (as the original).</summary>
internal static class AppVersion
{
    public static string Full { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(AppVersion).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    public static string Short { get; } = string.Join('.', Full.Split('.').Take(2));
}
