namespace Dataans.App.Cli;

/// <summary>
/// What one CLI run talks to: its three streams, whether they are terminals, and the clock and time
/// zone it shows times in. Tests build one over string readers and writers.
/// </summary>
internal sealed record CliEnvironment(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>True when standard input is a pipe or a file, so a missing TEXT is read from it.</summary>
    public bool IsInputRedirected { get; init; } = true;

    /// <summary>True when standard output is a terminal (and NO_COLOR is unset): search matches are shown in bold.</summary>
    public bool UseAnsiStyles { get; init; }

    /// <summary>True when standard error is a terminal: long work reports its progress there.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>The clock of the store; its <see cref="TimeProvider.LocalTimeZone"/> is the zone times are shown in.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable (tests give their own).</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public static CliEnvironment FromConsole()
    {
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CliEnvironment(Console.In, Console.Out, Console.Error)
        {
            IsInputRedirected = Console.IsInputRedirected,
            UseAnsiStyles = !Console.IsOutputRedirected && !noColor,
            IsErrorTerminal = !Console.IsErrorRedirected,
        };
    }
}
