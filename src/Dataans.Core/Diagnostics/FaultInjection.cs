using System.Diagnostics;
using System.Globalization;

namespace Dataans.Core.Diagnostics;

/// <summary>
/// Crash points for the crash-safety tests: with <c>DATAANS_CRASH_AT=point[:n]</c> in the
/// environment, the process kills itself (as SIGKILL would) the n-th time it reaches that point.
/// Without the variable every call is a no-op. Thread-safe.
/// </summary>
internal static class FaultInjection
{
    public const string EnvironmentVariable = "DATAANS_CRASH_AT";

    private static readonly (string Point, int Occurrence)? Target = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
    private static int _hits;

    public static bool IsArmed => Target is not null;

    public static void Hit(string point)
    {
        if (Target is { } target && target.Point == point && Interlocked.Increment(ref _hits) == target.Occurrence)
        {
            Console.Error.WriteLine($"crash point {point} reached: killing the process");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (parts[0], n)
            : (parts[0], 1);
    }
}
