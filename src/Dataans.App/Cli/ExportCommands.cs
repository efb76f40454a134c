using System.CommandLine;
using Dataans.Core.Export;
using Dataans.Core.Import;

namespace Dataans.App.Cli;

/// <summary>
/// <c>dataans export --format json|md [--layout …] [--with-files] --out DIR</c> and <c>dataans import FILE</c>.
/// </summary>
internal static class ExportCommands
{
    private static readonly string[] Layouts = ["one-file", "per-space", "per-note"];

    public static Command CreateExport(CliContext context)
    {
        var format = new Option<string>("--format")
        {
            Description = "json: our versioned format, which 'dataans import' reads back; md: Markdown to read",
            HelpName = "json|md",
            Required = true,
        };
        format.AcceptOnlyFromAmong("json", "md");
        var layout = new Option<string>("--layout")
        {
            Description = "For --format md: one file, a file per space, or a file per note (default per-space)",
            HelpName = string.Join('|', Layouts),
        };
        layout.AcceptOnlyFromAmong(Layouts);
        var withFiles = new Option<bool>("--with-files") { Description = "Copy the attachments' bytes into the export too" };
        var output = new Option<string>("--out")
        {
            Description = "The folder to write into (created if missing)",
            HelpName = "DIR",
            Required = true,
        };
        var command = new Command("export", "Export every space and note; prints where the export was written")
        {
            format,
            layout,
            withFiles,
            output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(format)?.Tokens is [{ Value: "json" }] && result.GetResult(layout) is not null)
            {
                result.AddError("--layout applies only to --format md.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                var folder = Path.GetFullPath(parseResult.GetRequiredValue(output));
                if (File.Exists(folder))
                {
                    throw new CliException($"'{folder}' is a file; --out takes a folder.");
                }

                var chosenFormat = parseResult.GetRequiredValue(format);
                var chosenLayout = chosenFormat == "md" ? parseResult.GetValue(layout) ?? "per-space" : null;
                var includeFiles = parseResult.GetValue(withFiles);
                var progress = session.Output.Progress();
                string path;
                try
                {
                    path = chosenLayout is null
                        ? await JsonExporter.ExportAsync(session.Store, folder, includeFiles, progress, ct)
                        : await MarkdownExporter.ExportAsync(session.Store, folder, ToLayout(chosenLayout), includeFiles, progress, ct);
                }
                finally
                {
                    progress?.Finish();
                }

                if (session.Output.IsJson)
                {
                    session.Output.Json(new ExportJson(path, chosenFormat, chosenLayout, includeFiles));
                }
                else
                {
                    session.Output.Line(path);
                }
            },
            cancellationToken));
        return command;
    }

    public static Command CreateImport(CliContext context)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A Dataans JSON export, or a JSON V1 backup of the original Dataans app",
        };
        var command = new Command("import", "Import spaces, notes and files; importing the same file twice changes nothing") { file };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                var given = parseResult.GetRequiredValue(file);
                var path = Path.GetFullPath(given);
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    throw new CliException($"The file '{given}' does not exist.");
                }

                var progress = session.Output.Progress();
                ImportResult result;
                try
                {
                    result = await Importer.ImportAsync(session.Store, path, progress, ct);
                }
                finally
                {
                    progress?.Finish();
                }

                if (session.Output.IsJson)
                {
                    session.Output.Json(new ImportJson(
                        path,
                        result.SpacesCreated,
                        result.SpacesUpdated,
                        result.NotesCreated,
                        result.NotesUpdated,
                        result.FilesImported,
                        result.Unchanged));
                }
                else
                {
                    session.Output.Line(
                        $"Imported {given}: {result.SpacesCreated} spaces created, {result.SpacesUpdated} updated; "
                        + $"{result.NotesCreated} notes created, {result.NotesUpdated} updated; "
                        + $"{result.FilesImported} files; {result.Unchanged} unchanged.");
                }
            },
            cancellationToken));
        return command;
    }

    private static MarkdownLayout ToLayout(string layout) => layout switch
    {
        "one-file" => MarkdownLayout.OneFile,
        "per-note" => MarkdownLayout.PerNote,
        _ => MarkdownLayout.PerSpace,
    };
}
