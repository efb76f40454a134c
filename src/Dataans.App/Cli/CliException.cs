namespace Dataans.App.Cli;

/// <summary>A failure the CLI itself detects, with the sentence to show and the exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode => exitCode;
}
