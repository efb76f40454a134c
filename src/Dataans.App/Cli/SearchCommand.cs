using System.CommandLine;
using Dataans.Core.Search;

namespace Dataans.App.Cli;

/// <summary><c>dataans search QUERY [--space ID] [--limit N]</c>.</summary>
internal static class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var query = new Argument<string[]>("QUERY")
        {
            Description = "Words to find (any substring, any script; wor* is the same as wor); \"quoted words\" are one phrase, as typed",
            Arity = ArgumentArity.OneOrMore,
        };
        var space = new Option<string>("--space")
        {
            Description = "Search only this space (its name, its id, or a unique prefix of the id)",
            HelpName = "SPACE",
        };
        var limit = CliContext.LimitOption(20, "How many of the best matches to show");
        var command = new Command(
            "search",
            "Find notes by words or any substring, best matches first; with --json, hits carry 'snippet' and 'highlights' (see 'dataans --help')")
        {
            query,
            space,
            limit,
        };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            Guid? spaceId = parseResult.GetValue(space) is { } spaceText ? await session.SpaceIdAsync(spaceText, ct) : null;
            if (spaceId is { } id)
            {
                await session.Store.GetSpaceAsync(id, ct);
            }

            var text = string.Join(' ', parseResult.GetRequiredValue(query));
            var hits = await new NoteSearch(session.Store).SearchAsync(text, spaceId, parseResult.GetValue(limit), ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(hits.Select(hit =>
                {
                    var (snippet, highlights) = CliOutput.SplitHighlights(hit.Snippet);
                    return new SearchHitJson(NoteJson.From(hit.Note, hit.SpaceName, session.Store.Files), snippet, highlights, hit.Rank);
                }).ToList());
                return;
            }

            if (hits.Count == 0)
            {
                session.Output.Remark($"No notes match '{text}'.");
                return;
            }

            foreach (var hit in hits)
            {
                session.Output.Line($"{hit.Note.Id}  {session.Output.LocalTime(hit.Note.CreatedAt)}  {hit.SpaceName}");
                session.Output.Line("    " + session.Output.HighlightForPerson(hit.Snippet));
            }
        });
    }
}
