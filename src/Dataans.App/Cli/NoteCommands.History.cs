using System.CommandLine;
using System.Globalization;
using Dataans.Core.Operations;

namespace Dataans.App.Cli;

internal static partial class NoteCommands
{
    private static Command History(CliContext context)
    {
        var id = IdArgument();
        var restore = new Option<string>("--restore")
        {
            Description = "Make this version current again: its number in the history (1 = oldest) or its id",
            HelpName = "VERSION",
        };
        var command = new Command("history", "List every version of a note, or restore one") { id, restore };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var idText = parseResult.GetRequiredValue(id);

            // A full id also reaches a deleted note, whose history can bring it back.
            var noteId = Guid.TryParse(idText, out var full) ? full : await session.NoteIdAsync(idText, ct);
            var versions = await session.Store.GetHistoryAsync(noteId, ct);
            if (parseResult.GetValue(restore) is { } wanted)
            {
                var (number, version) = FindVersion(versions, wanted);
                var note = await session.Store.RestoreVersionAsync(noteId, version.OperationId, ct);
                if (session.Output.IsJson)
                {
                    var theSpace = await session.Store.GetSpaceAsync(note.SpaceId, ct);
                    session.Output.Json(NoteJson.From(note, theSpace.Name, session.Store.Files));
                }
                else
                {
                    session.Output.Line($"Restored version {number} of note {noteId}.");
                }

                return;
            }

            var items = versions.Select((version, index) => new VersionJson(
                index + 1,
                version.OperationId,
                version.Time.ToString(),
                version.IsCreate ? "create" : "edit",
                version.IsCurrent,
                version.IsConflict,
                version.Text,
                version.DeviceLabel)).ToList();
            if (session.Output.IsJson)
            {
                session.Output.Json(items);
                return;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    session.Output.Line();
                }

                var marks = (items[i].Current ? "  (current)" : string.Empty) + (items[i].Conflict ? "  (conflict)" : string.Empty);
                session.Output.Line($"Version {items[i].Number}  {session.Output.LocalTime(versions[i].Time)}  {(versions[i].IsCreate ? "created" : "edited")} on {items[i].Device}{marks}");
                session.Output.Indented(items[i].Text);
            }
        });
    }

    private static (int Number, NoteVersion Version) FindVersion(IReadOnlyList<NoteVersion> versions, string wanted)
    {
        if (Guid.TryParse(wanted, out var versionId))
        {
            for (var i = 0; i < versions.Count; i++)
            {
                if (versions[i].OperationId == versionId)
                {
                    return (i + 1, versions[i]);
                }
            }

            throw new CliException($"The note has no version {versionId}.");
        }

        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= versions.Count)
        {
            return (number, versions[number - 1]);
        }

        throw new CliException($"'{wanted}' is not a version of this note; give a number from 1 to {versions.Count} or a version id.");
    }
}
