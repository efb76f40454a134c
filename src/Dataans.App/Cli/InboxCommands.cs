using System.CommandLine;
using System.Globalization;
using Dataans.Contracts.Sync;
using Dataans.Core.Inbox;

namespace Dataans.App.Cli;

/// <summary><c>dataans inbox link | links | revoke | target | send</c>: the end-to-end-encrypted inbox (docs/inbox.md).</summary>
internal static class InboxCommands
{
    /// <summary>The environment variable <c>inbox send</c> reads the link from when none is given.</summary>
    public const string LinkVariable = "DATAANS_CAPTURE_LINK";

    public static Command Create(CliContext context) => new("inbox", "Capture links: notes sealed on any device to this account, delivered when a device syncs")
    {
        Link(context),
        Links(context),
        Revoke(context),
        Target(context),
        Send(context),
    };

    private static Command Link(CliContext context)
    {
        var label = new Option<string?>("--label") { Description = "A name for the link (shown on the capture page and in 'inbox links')", HelpName = "L" };
        var expires = new Option<string?>("--expires")
        {
            Description = "When the link stops working: a duration (30m, 12h, 7d) or a UTC time (2026-12-31T00:00:00Z); never by default",
            HelpName = "D",
        };
        var command = new Command("link", "Create a capture link; it is printed once (the server keeps only a hash of its token)") { label, expires };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var expiresAt = ParseExpiry(parseResult.GetValue(expires), session.Environment.TimeProvider.GetUtcNow());
            var (link, url) = await CaptureLinks.CreateAsync(session.Store, parseResult.GetValue(label), expiresAt, ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(ToJson(link, url));
                return;
            }

            session.Output.Line(url);
            session.Output.Remark($"Capture link {link.Id} '{link.Label}'" + (link.ExpiresAt is { } at ? $", valid until {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : string.Empty)
                + ". Anyone holding it can add notes to your inbox (and nothing else); revoke it with 'dataans inbox revoke " + link.Id.ToString()[..8] + "'.");
        });
    }

    private static Command Links(CliContext context)
    {
        var command = new Command("links", "List this account's capture links (without their tokens)");
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var links = await CaptureLinks.ListAsync(session.Store, ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(links.Select(link => ToJson(link, null)).ToList());
                return;
            }

            if (links.Count == 0)
            {
                session.Output.Remark("No capture links: create one with 'dataans inbox link'.");
                return;
            }

            session.Output.Table(
                ["ID", "CREATED", "EXPIRES", "LAST USED", "ITEMS", "LABEL"],
                [.. links.Select(link => new[]
                {
                    link.Id.ToString()[..8],
                    Time(link.CreatedAt),
                    link.ExpiresAt is { } expiresAt ? Time(expiresAt) : "never",
                    link.LastUsedAt is { } used ? Time(used) : "-",
                    link.Items.ToString(CultureInfo.InvariantCulture),
                    link.Label,
                })]);
        });
    }

    private static Command Revoke(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The link's id or a unique prefix (see 'dataans inbox links')" };
        var command = new Command("revoke", "Revoke a capture link: it stops working at once") { id };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var link = await CaptureLinks.RevokeAsync(session.Store, parseResult.GetRequiredValue(id), ct);
            session.Output.Remark($"Revoked capture link {link.Id} '{link.Label}'.");
        });
    }

    private static Command Target(CliContext context)
    {
        var space = new Argument<string?>("SPACE")
        {
            Description = "The space captures go to: its name, id or a unique id prefix; left out, the current choice is printed",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var inbox = new Option<bool>("--inbox") { Description = "Captures go to the account's \"Inbox\" space again (the default)" };
        var command = new Command("target", "Print or choose the space captures go to, for every device of the account") { space, inbox };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var given = parseResult.GetValue(space);
            var reset = parseResult.GetValue(inbox);
            if (given is not null && reset)
            {
                throw new CliException("Give either a SPACE or --inbox, not both.", ExitCodes.Usage);
            }

            var target = given is null && !reset
                ? await CaptureTarget.GetAsync(session.Store, ct)
                : await CaptureTarget.SetAsync(session.Store, reset ? null : await SpaceByNameOrIdAsync(session, given!, ct), ct);
            if (session.Output.IsJson)
            {
                session.Output.Json(new CaptureTargetJson(target.SpaceId, target.SpaceName, target.ChosenSpaceMissing));
                return;
            }

            session.Output.Line(target.SpaceName);
            if (target.ChosenSpaceMissing)
            {
                session.Output.Remark($"The chosen space {target.SpaceId} is deleted (or not on this device yet): captures go to the {target.SpaceName} space.");
            }
        });
    }

    /// <summary>The space whose name is <paramref name="value"/> (ignoring case), else the one whose id is or starts with it.</summary>
    private static async Task<Guid> SpaceByNameOrIdAsync(CliSession session, string value, CancellationToken cancellationToken)
    {
        var named = (await session.Store.ListSpacesAsync(cancellationToken))
            .Where(space => string.Equals(space.Name, value.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count switch
        {
            1 => named[0].Id,
            0 => await SpaceIdAsync(session, value, cancellationToken),
            _ => throw new CliException($"More than one space is named '{value.Trim()}': give its id (see 'dataans space list').", ExitCodes.Usage),
        };
    }

    private static async Task<Guid> SpaceIdAsync(CliSession session, string value, CancellationToken cancellationToken)
    {
        try
        {
            return await session.SpaceIdAsync(value, cancellationToken);
        }
        catch (Dataans.Core.Storage.NotFoundException exception) when (!exception.Message.StartsWith("More than one", StringComparison.Ordinal))
        {
            throw new CliException($"There is no space named '{value.Trim()}' (nor with that id): see 'dataans space list'.");
        }
    }

    private static Command Send(CliContext context)
    {
        var link = new Argument<string?>("LINK")
        {
            Description = $"The capture link; left out, it is read from ${LinkVariable} (keeps the token off the command line)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var files = new Option<string[]>("--file") { Description = "Attach a file (repeatable)", HelpName = "PATH", AllowMultipleArgumentsPerToken = false };
        var command = new Command("send", "Seal the text on standard input (and --file attachments) to a capture link's inbox and send it; needs only the link") { link, files };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var environment = context.Environment;
            var output = new CliOutput(environment, parseResult.GetValue(context.JsonOption));
            try
            {
                var target = parseResult.GetValue(link) ?? environment.GetVariable(LinkVariable);
                if (string.IsNullOrWhiteSpace(target))
                {
                    throw new CliException($"Give the capture link, or set ${LinkVariable}.", ExitCodes.Usage);
                }

                var text = environment.IsInputRedirected ? (await environment.In.ReadToEndAsync(cancellationToken)).Trim() : string.Empty;
                var attached = new List<CaptureFile>();
                foreach (var path in parseResult.GetValue(files) ?? [])
                {
                    if (!File.Exists(path))
                    {
                        throw new CliException($"There is no file '{path}'.");
                    }

                    attached.Add(new CaptureFile(Path.GetFileName(path), MediaType(path), await File.ReadAllBytesAsync(path, cancellationToken)));
                }

                if (text.Length == 0 && attached.Count == 0)
                {
                    throw new CliException("Nothing to send: pipe the text on standard input or attach a --file.", ExitCodes.Usage);
                }

                var content = new CaptureContent(text, environment.TimeProvider.GetUtcNow(), attached, "dataans inbox send");
                var itemId = await CaptureSender.SendAsync(
                    target,
                    content,
                    wait => output.Remark($"The server asks this link to slow down: sending again in {Math.Ceiling(wait.TotalSeconds):0} s."),
                    cancellationToken);
                if (output.IsJson)
                {
                    output.Json(new CaptureSentJson(itemId, attached.Count));
                }
                else
                {
                    output.Remark($"Sealed and sent ({attached.Count} {(attached.Count == 1 ? "file" : "files")}); it becomes a note when one of the account's devices syncs.");
                }

                return ExitCodes.Ok;
            }
            catch (Exception exception)
            {
                return CliErrors.Report(exception, environment.Error);
            }
        });
        return command;
    }

    /// <summary>Null for no expiry; a duration like 30m/12h/7d from now, or an RFC 3339 time.</summary>
    internal static DateTimeOffset? ParseExpiry(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.Length >= 2 && long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount is > 0 and <= 100_000)
        {
            switch (value[^1])
            {
                case 'm': return now.AddMinutes(amount);
                case 'h': return now.AddHours(amount);
                case 'd': return now.AddDays(amount);
            }
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at > now ? at : throw new CliException("--expires must be in the future.", ExitCodes.Usage);
        }

        throw new CliException("--expires takes a duration (30m, 12h, 7d) or a UTC time like 2026-12-31T00:00:00Z.", ExitCodes.Usage);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static CaptureLinkJson ToJson(CaptureLinkInfo link, string? url) => new(
        link.Id,
        link.Label,
        link.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        link.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture),
        link.LastUsedAt?.ToString("O", CultureInfo.InvariantCulture),
        link.Items,
        url);

    private static string MediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".txt" or ".md" => "text/plain",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}
