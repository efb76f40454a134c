using System.CommandLine;
using System.Text.Json;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.App.Cli;

/// <summary>The process exit codes of <c>dataans</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

/// <summary>Turns failures into an exit code and one line on standard error, never a stack trace.</summary>
internal static class CliErrors
{
    /// <summary>Reports a failure of a command and returns its exit code.</summary>
    public static int Report(Exception exception, TextWriter error)
    {
        var (code, message) = Describe(exception);
        error.WriteLine(OneLine(message));
        return code;
    }

    /// <summary>Reports the parse errors of a command line (unknown words, missing options) as a usage error.</summary>
    public static int ReportUsage(ParseResult parseResult, TextWriter error)
    {
        foreach (var parseError in parseResult.Errors)
        {
            // The parser quotes the offending word whole, however long it is.
            var line = OneLine(parseError.Message);
            error.WriteLine(line.Length <= 300 ? line : line[..300] + "…");
        }

        var path = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        path[0] = "dataans";
        error.WriteLine($"Run '{string.Join(' ', path)} --help' for usage.");
        return ExitCodes.Usage;
    }

    internal static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        StoreException or ImportException or Dataans.Core.Sync.SyncException or Dataans.Core.Profile.ProfileCorruptException => (ExitCodes.Failure, exception.Message),
        ArgumentException argument => (ExitCodes.Failure, WithoutParameterName(argument)),
        SqliteException sqlite => (ExitCodes.Failure, $"The database failed: {sqlite.Message}"),
        UnauthorizedAccessException or IOException => (ExitCodes.Failure, exception.Message),
        JsonException => (ExitCodes.Failure, $"The data is not valid JSON: {exception.Message}"),
        OperationCanceledException => (ExitCodes.Failure, "Cancelled."),
        _ => (ExitCodes.Failure, $"Unexpected error ({exception.GetType().Name}): {exception.Message}"),
    };

    /// <summary>Collapses a message to one line that ends like a sentence.</summary>
    internal static string OneLine(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length == 0 || line[^1] is '.' or '!' or '?' ? line : line + ".";
    }

    // ArgumentException appends " (Parameter 'name')", which means nothing to a user.
    private static string WithoutParameterName(ArgumentException exception)
    {
        var suffix = exception.ParamName is null ? null : $" (Parameter '{exception.ParamName}')";
        return suffix is not null && exception.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? exception.Message[..^suffix.Length]
            : exception.Message;
    }
}
