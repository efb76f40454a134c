using System.Text.Json;

namespace Dataans.Testing;

/// <summary>
/// Records a reliability figure (faults survived, requests fuzzed, canary hits…) as one JSON line in
/// the figures file, which <c>dotnet run --project tools/Dataans.Figures</c> prints as a table. The file is
/// <c>DATAANS_FIGURES_FILE</c> if set, else <c>artifacts/reliability/figures.jsonl</c> in the repository.
/// </summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static string FilePath { get; } = Environment.GetEnvironmentVariable("DATAANS_FIGURES_FILE") is { Length: > 0 } configured
        ? configured
        : Path.Combine(RepositoryRoot(), "artifacts", "reliability", "figures.jsonl");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dataans.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Path.GetTempPath();
    }

    /// <summary>Appends one figure: <paramref name="area"/> groups figures (e.g. "faults"), <paramref name="name"/> says what was counted.</summary>
    public static void Record(string area, string name, double value, string unit = "")
    {
        var line = JsonSerializer.Serialize(new { area, name, value, unit, at = DateTimeOffset.UtcNow });
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, line + "\n");
        }
    }
}
