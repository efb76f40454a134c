namespace Dataans.App.Desktop;

/// <summary>The user's XDG base folders (the variable when set to an absolute path, else the spec's default under home).</summary>
internal static class XdgFolders
{
    public static string DataHome => Folder("XDG_DATA_HOME", ".local", "share");

    public static string ConfigHome => Folder("XDG_CONFIG_HOME", ".config");

    public static string CacheHome => Folder("XDG_CACHE_HOME", ".cache");

    private static string Folder(string variable, params string[] underHome)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return !string.IsNullOrWhiteSpace(value) && Path.IsPathRooted(value)
            ? value
            : Path.Combine([Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), .. underHome]);
    }
}
