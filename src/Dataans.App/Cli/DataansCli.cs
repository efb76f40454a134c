using System.CommandLine;
using System.CommandLine.Invocation;

namespace Dataans.App.Cli;

/// <summary>
/// The <c>dataans</c> command line: builds the command tree, parses the arguments, runs one command
/// and returns the process exit code (0 ok, 1 failure, 2 usage error).
/// </summary>
internal static class DataansCli
{
    private const string Description = """
        Dataans: short Markdown notes grouped into spaces, stored on this machine.

        Ids may be given in full or as a unique prefix (e.g. the first 8 characters).
        TEXT given as '-', or left out while standard input is a pipe, is read from standard input.
        Exit codes: 0 ok, 1 failure (one sentence on standard error), 2 usage error.

        --json prints stable, machine-readable JSON: ids as UUIDs, times in RFC 3339 UTC, note text,
        files, space names. Search hits carry 'snippet' (plain text) and 'highlights', a list of
        [start, length] pairs (UTF-16 code units) marking the matches inside the snippet.
        """;

    /// <summary>Runs the CLI in-process over the given streams (standard input counts as redirected).</summary>
    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliEnvironment(stdin, stdout, stderr), cancellationToken);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand(new CliContext(environment));
        // No response files: an argument starting with '@' is taken as typed, never as a file to read. No bundling:
        // "-hello" is a search term, not -h (help) with -e -l -l -o; no option has a one-letter alias to bundle.
        var configuration = new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false };
        var parseResult = root.Parse(args.Count == 0 ? ["--help"] : args, configuration);
        if (parseResult.Action is ParseErrorAction)
        {
            return CliErrors.ReportUsage(parseResult, environment.Error);
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception exception)
        {
            return CliErrors.Report(exception, environment.Error);
        }
    }

    internal static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(Description) { context.DataDirOption, context.JsonOption };

        // One line per command group.
        Command[] groups =
        [
            SpaceCommands.Create(context),
            NoteCommands.Create(context),
            SearchCommand.Create(context),
            ExportCommands.CreateExport(context),
            ExportCommands.CreateImport(context),
            SyncCommands.Create(context),
            DeviceCommands.Create(context),
            InboxCommands.Create(context),
            UiCommand.Create(context),
            DesktopCommand.Create(context),
        ];
        foreach (var group in groups)
        {
            root.Subcommands.Add(group);
        }

        return root;
    }
}
