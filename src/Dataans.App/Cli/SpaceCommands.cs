using System.CommandLine;
using System.Globalization;
using Dataans.Core.Model;

namespace Dataans.App.Cli;

/// <summary><c>dataans space list | add NAME | rename ID NAME | delete ID</c>.</summary>
internal static class SpaceCommands
{
    public static Command Create(CliContext context) => new("space", "List, create, rename and delete spaces")
    {
        List(context),
        Add(context),
        Rename(context),
        Delete(context),
    };

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the spaces, oldest first, with their note counts");
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var spaces = await session.Store.ListSpacesAsync(ct);
            var items = new List<SpaceJson>(spaces.Count);
            foreach (var space in spaces)
            {
                items.Add(await ToJsonAsync(session, space, ct));
            }

            if (session.Output.IsJson)
            {
                session.Output.Json(items);
            }
            else if (spaces.Count == 0)
            {
                session.Output.Line("No spaces yet; create one with 'dataans space add NAME'.");
            }
            else
            {
                var rows = spaces.Select((space, index) => new[]
                {
                    space.Id.ToString(),
                    items[index].NoteCount.ToString(CultureInfo.InvariantCulture),
                    session.Output.LocalTime(space.CreatedAt),
                    space.Name,
                }).ToList();
                session.Output.Table(["ID", "NOTES", "CREATED", "NAME"], rows);
            }
        });
    }

    private static Command Add(CliContext context)
    {
        var name = NameArgument();
        var command = new Command("add", "Create a space and print its id") { name };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var space = await session.Store.CreateSpaceAsync(string.Join(' ', parseResult.GetRequiredValue(name)), ct);
            await PrintAsync(session, space, ct);
            var sameName = (await session.Store.ListSpacesAsync(ct)).Count(other => string.Equals(other.Name.Trim(), space.Name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (sameName > 1)
            {
                // Allowed, as in the original and across devices; said so that --space NAME failing later is no surprise.
                session.Output.Remark($"Note: {sameName} spaces are now named '{space.Name}'; where a command takes --space, give this one's id.");
            }
        });
    }

    private static Command Rename(CliContext context)
    {
        var id = IdArgument();
        var name = NameArgument();
        var command = new Command("rename", "Give a space a new name") { id, name };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var spaceId = await session.SpaceIdAsync(parseResult.GetRequiredValue(id), ct);
            var space = await session.Store.RenameSpaceAsync(spaceId, string.Join(' ', parseResult.GetRequiredValue(name)), ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(await ToJsonAsync(session, space, ct));
            }
            else
            {
                session.Output.Line($"Renamed space {space.Id} to '{space.Name}'.");
            }
        });
    }

    private static Command Delete(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("delete", "Delete a space and the notes in it") { id };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var spaceId = await session.SpaceIdAsync(parseResult.GetRequiredValue(id), ct);
            var space = await session.Store.GetSpaceAsync(spaceId, ct);
            await session.Store.DeleteSpaceAsync(spaceId, ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(new DeletedJson(spaceId, Deleted: true));
            }
            else
            {
                session.Output.Line($"Deleted space '{space.Name}' ({spaceId}).");
            }
        });
    }

    /// <summary>Prints a new space: its id alone for a person (easy to capture in a script), the object with --json.</summary>
    private static async Task PrintAsync(CliSession session, Space space, CancellationToken cancellationToken)
    {
        if (session.Output.IsJson)
        {
            session.Output.Json(await ToJsonAsync(session, space, cancellationToken));
        }
        else
        {
            session.Output.Line(space.Id.ToString());
        }
    }

    private static async Task<SpaceJson> ToJsonAsync(CliSession session, Space space, CancellationToken cancellationToken) =>
        SpaceJson.From(space, await session.Store.CountNotesAsync(space.Id, cancellationToken));

    internal static Argument<string> IdArgument() => new("ID") { Description = "The space's name, its id, or a unique prefix of the id" };

    private static Argument<string[]> NameArgument() => new("NAME")
    {
        Description = "The space's name (several words are joined with spaces)",
        Arity = ArgumentArity.OneOrMore,
    };
}
