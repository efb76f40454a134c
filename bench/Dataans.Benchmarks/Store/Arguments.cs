namespace Dataans.Benchmarks.Store;

/// <summary>Reads "--name value" options.</summary>
internal static class Arguments
{
    public static int Int(string[] args, string name, int fallback) =>
        int.TryParse(String(args, name, string.Empty), out var value) ? value : fallback;

    public static string String(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
