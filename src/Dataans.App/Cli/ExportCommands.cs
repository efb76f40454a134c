using System.CommandLine;
using Dataans.Core.Export;
using Dataans.Core.Import;

namespace Dataans.App.Cli;

/// <summary>
/// <c>dataans export --format json|md [--layout …] [--with-files] --out DIR</c> and <c>dataans import PATH|--original [--with-profile]</c>.
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
        return context.RunsInSession(command, async (parseResult, session, ct) =>
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
        });
    }

    public static Command CreateImport(CliContext context)
    {
        var file = new Argument<string?>("PATH")
        {
            Description = "A Dataans JSON export, a JSON V1 backup of the original Dataans app, or a folder of the original app (with db/dataans.sqlite)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var original = new Option<bool>("--original") { Description = "Import the original Dataans app from its default place (com.tbt.dataans in your data folder)" };
        var withProfile = new Option<bool>("--with-profile") { Description = "With the original app: also take over its sign-in (server, key and token)" };
        var command = new Command("import", "Import spaces, notes and files; importing the same thing twice changes nothing") { file, original, withProfile };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(file) is null) == !result.GetValue(original))
            {
                result.AddError("Name a PATH to import, or give --original (not both).");
            }
        });
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var given = parseResult.GetValue(file);
            if (given is not null && !File.Exists(given) && !Directory.Exists(given))
            {
                throw new CliException($"The file '{given}' does not exist.");
            }

            var source = OriginalImportCli.Resolve(given, parseResult.GetValue(original));
            if (source is ImportSource.OriginalInstallation { Location: var location })
            {
                await OriginalImportCli.RunAsync(session, location, parseResult.GetValue(withProfile), ct);
                return;
            }

            if (parseResult.GetValue(withProfile))
            {
                throw new CliException("--with-profile applies only to a folder of the original Dataans app.", ExitCodes.Usage);
            }

            var path = ((ImportSource.JsonFile)source).Path;
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
        });
    }

    private static MarkdownLayout ToLayout(string layout) => layout switch
    {
        "one-file" => MarkdownLayout.OneFile,
        "per-note" => MarkdownLayout.PerNote,
        _ => MarkdownLayout.PerSpace,
    };
}
