using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Dataans.Testing;

/// <summary>What the server process wrote, for log assertions.</summary>
public sealed partial class ServerProcess
{
    /// <summary>Every line the server wrote to stdout and stderr, across restarts.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>Output lines logged at Error or Critical level by the console logger ("fail:"/"crit:").</summary>
    public IReadOnlyList<string> ErrorLines() => [.. Output.Where(IsErrorLine)];

    /// <summary>Whether a console log line starts an Error or Critical entry ("2026-…Z fail: …"; the timestamp is optional).</summary>
    public static bool IsErrorLine(string line) => LevelPrefix().Match(line) is { Success: true } match && match.Groups["level"].Value is "fail" or "crit";

    /// <summary>Waits until a logged line satisfies <paramref name="condition"/> (logging is asynchronous).</summary>
    public Task WaitForLineAsync(Func<string, bool> condition, string what) =>
        TestOps.UntilAsync(() => Task.FromResult(Output.Any(condition)), TimeSpan.FromSeconds(30), what);

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT[\d:.]+Z )?(?<level>trce|dbug|info|warn|fail|crit):")]
    private static partial Regex LevelPrefix();

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }
}
