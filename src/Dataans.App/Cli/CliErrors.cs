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
        error.WriteLine(ErrorSentences.OneLine(message));
        return code;
    }

    /// <summary>Reports the parse errors of a command line (unknown words, missing options) as a usage error.</summary>
    public static int ReportUsage(ParseResult parseResult, TextWriter error)
    {
        foreach (var parseError in parseResult.Errors)
        {
            // The parser quotes the offending word whole, however long it is.
            var line = ErrorSentences.OneLine(parseError.Message);
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
        _ when Ui.State.DiskFull.Is(exception) => (ExitCodes.Failure, Ui.State.DiskFull.Sentence),
        StoreException or ImportException or Dataans.Core.Sync.SyncException or Dataans.Core.Inbox.InboxFormatException or Dataans.Core.Profile.ProfileCorruptException => (ExitCodes.Failure, exception.Message),
        ArgumentException argument => (ExitCodes.Failure, ErrorSentences.WithoutParameterName(argument)),
        SqliteException sqlite => (ExitCodes.Failure, $"The database failed: {sqlite.Message}"),
        UnauthorizedAccessException or IOException => (ExitCodes.Failure, exception.Message),
        JsonException => (ExitCodes.Failure, $"The data is not valid JSON: {exception.Message}"),
        OperationCanceledException => (ExitCodes.Failure, "Cancelled."),
        _ => (ExitCodes.Failure, $"Unexpected error ({exception.GetType().Name}): {exception.Message}"),
    };
}
