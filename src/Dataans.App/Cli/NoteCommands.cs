using System.CommandLine;
using Dataans.Core.Model;

namespace Dataans.App.Cli;

/// <summary><c>dataans note list | add | edit | delete | show | history</c>.</summary>
internal static partial class NoteCommands
{
    public static Command Create(CliContext context) => new("note", "List, write, edit, delete and show notes, and their history")
    {
        List(context),
        Add(context),
        Edit(context),
        Delete(context),
        Show(context),
        History(context),
    };

    private static Command List(CliContext context)
    {
        var space = SpaceOption();
        var limit = CliContext.LimitOption(50, "How many of the newest notes to show");
        var command = new Command("list", "List a space's newest notes, oldest of them first") { space, limit };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var spaceId = await session.SpaceIdOrOnlyAsync(parseResult.GetValue(space), "note list", ct);
            var theSpace = await session.Store.GetSpaceAsync(spaceId, ct);
            var notes = await session.Store.ListNotesAsync(spaceId, parseResult.GetValue(limit), cancellationToken: ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(notes.Select(note => NoteJson.From(note, theSpace.Name, session.Store.Files)).ToList());
                return;
            }

            if (notes.Count == 0)
            {
                session.Output.Line($"No notes in '{theSpace.Name}' yet.");
                return;
            }

            for (var i = 0; i < notes.Count; i++)
            {
                if (i > 0)
                {
                    session.Output.Line();
                }

                session.Output.NoteSummary(notes[i]);
            }

            var total = await session.Store.CountNotesAsync(spaceId, ct);
            if (total > notes.Count)
            {
                session.Output.Remark($"Showing the newest {notes.Count} of {total} notes; use --limit to see more.");
            }
        });
    }

    private static Command Add(CliContext context)
    {
        var space = SpaceOption();
        var text = TextArgument();
        var attach = new Option<string[]>("--attach")
        {
            Description = "Attach a file (repeat the option for more files)",
            HelpName = "FILE",
        };
        var command = new Command("add", "Write a note and print its id") { space, text, attach };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var spaceId = await session.SpaceIdOrOnlyAsync(parseResult.GetValue(space), "note add", ct);
            var attachments = (parseResult.GetValue(attach) ?? []).Select(OpenAttachment).ToList();
            var body = await ReadTextAsync(parseResult.GetValue(text) ?? [], session.Environment, ct) ?? string.Empty;
            var note = await session.Store.CreateNoteAsync(spaceId, body, attachments, ct);
            if (session.Output.IsJson)
            {
                var theSpace = await session.Store.GetSpaceAsync(spaceId, ct);
                session.Output.Json(NoteJson.From(note, theSpace.Name, session.Store.Files));
            }
            else
            {
                session.Output.Line(note.Id.ToString());
            }
        });
    }

    private static Command Edit(CliContext context)
    {
        var id = IdArgument();
        var text = TextArgument();
        var command = new Command("edit", "Replace a note's text (the old text stays in its history)") { id, text };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var noteId = await session.NoteIdAsync(parseResult.GetRequiredValue(id), ct);
            var note = await session.Store.GetNoteAsync(noteId, ct);
            var body = await ReadTextAsync(parseResult.GetValue(text) ?? [], session.Environment, ct)
                ?? throw new CliException("Give the new text as TEXT, or '-' to read it from standard input.", ExitCodes.Usage);
            body = body.Trim();
            if (body.Length == 0 && note.Files.Count == 0)
            {
                throw new CliException("A note needs some text or an attachment.");
            }

            if (body != note.Text)
            {
                note = await session.Store.UpdateNoteAsync(noteId, body, cancellationToken: ct);
            }

            if (session.Output.IsJson)
            {
                var theSpace = await session.Store.GetSpaceAsync(note.SpaceId, ct);
                session.Output.Json(NoteJson.From(note, theSpace.Name, session.Store.Files));
            }
            else
            {
                session.Output.Line($"Updated note {note.Id}.");
            }
        });
    }

    private static Command Delete(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("delete", "Delete a note and its attachments") { id };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var noteId = await session.NoteIdAsync(parseResult.GetRequiredValue(id), ct);
            await session.Store.DeleteNoteAsync(noteId, ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(new DeletedJson(noteId, Deleted: true));
            }
            else
            {
                session.Output.Line($"Deleted note {noteId}.");
            }
        });
    }

    private static Command Show(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("show", "Show a note with its space, times and files") { id };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var noteId = await session.NoteIdAsync(parseResult.GetRequiredValue(id), ct);
            var note = await session.Store.GetNoteAsync(noteId, ct);
            var theSpace = await session.Store.GetSpaceAsync(note.SpaceId, ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(NoteJson.From(note, theSpace.Name, session.Store.Files));
            }
            else
            {
                session.Output.NoteDetails(note, theSpace.Name, session.Store.Files);
            }
        });
    }

    /// <summary>The text of a note: the words given, standard input for '-', or standard input when it is piped.</summary>
    private static async Task<string?> ReadTextAsync(string[] words, CliEnvironment environment, CancellationToken cancellationToken)
    {
        if (words is ["-"])
        {
            return await environment.In.ReadToEndAsync(cancellationToken);
        }

        if (words.Length > 0)
        {
            return string.Join(' ', words);
        }

        return environment.IsInputRedirected ? await environment.In.ReadToEndAsync(cancellationToken) : null;
    }

    /// <summary>Checks an --attach path now, so a typo fails before anything is read or written.</summary>
    private static AttachmentSource OpenAttachment(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new CliException($"'{path}' is a folder; --attach takes a file.");
        }

        if (!File.Exists(fullPath))
        {
            throw new CliException($"The file '{path}' does not exist.");
        }

        return new AttachmentSource(Path.GetFileName(fullPath), _ =>
        {
            try
            {
                return Task.FromResult<Stream>(File.OpenRead(fullPath));
            }
            catch (UnauthorizedAccessException)
            {
                throw new CliException($"The file '{path}' cannot be read (permission denied).");
            }
            catch (IOException exception)
            {
                throw new CliException($"The file '{path}' cannot be read: {exception.Message}");
            }
        });
    }

    private static Option<string> SpaceOption() => new("--space")
    {
        Description = "The space's name, its id, or a unique prefix of the id (may be left out while there is only one space)",
        HelpName = "SPACE",
    };

    private static Argument<string> IdArgument() => new("ID") { Description = "The note's id or a unique prefix of it" };

    private static Argument<string[]> TextArgument() => new("TEXT")
    {
        Description = "The Markdown text (several words are joined with spaces); '-' reads it from standard input, as does leaving it out when input is piped",
        Arity = ArgumentArity.ZeroOrMore,
    };
}
