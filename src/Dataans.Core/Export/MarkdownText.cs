using System.Globalization;
using System.Text;
using Dataans.Contracts;
using Dataans.Core.Model;

namespace Dataans.Core.Export;

/// <summary>Renders spaces and notes as readable Markdown. Thread-safe (pure).</summary>
internal static class MarkdownText
{
    /// <summary><c>yyyy-MM-dd HH:mm:ss UTC</c>.</summary>
    public static string Time(string rfc3339) =>
        Timestamp.TryParse(rfc3339, out var time)
            ? time.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : rfc3339;

    /// <summary>The space heading, avatar and details that open a space's section.</summary>
    public static void AppendSpaceHeader(StringBuilder builder, ExportSpace space, string? avatarLink)
    {
        builder.Append("# ").Append(Inline(space.Name)).Append("\n\n");
        if (avatarLink is not null)
        {
            builder.Append("![Avatar](").Append(LinkTarget(avatarLink)).Append(")\n\n");
        }

        builder.Append("Created ").Append(Time(space.CreatedAt));
        if (space.UpdatedAt != space.CreatedAt)
        {
            builder.Append(" · updated ").Append(Time(space.UpdatedAt));
        }

        builder.Append(" · ").Append(space.Notes.Count.ToString(CultureInfo.InvariantCulture))
            .Append(space.Notes.Count == 1 ? " note" : " notes").Append("\n\n");
        builder.Append("<!-- dataans space ").Append(space.Id.ToString()).Append(" -->\n\n");
    }

    /// <summary>
    /// A note: a heading with its time, its text (with references to its exported attachments pointed at
    /// the copies), and its attachments as relative links (or plain names when their bytes were not exported).
    /// </summary>
    public static void AppendNote(StringBuilder builder, ExportNote note, int headingLevel, string? spaceName, IReadOnlyList<(ExportFile File, string? Link)> files)
    {
        builder.Append('#', headingLevel).Append(' ').Append(Time(note.CreatedAt)).Append("\n\n");
        if (spaceName is not null)
        {
            builder.Append("Space: ").Append(Inline(spaceName)).Append("\n\n");
        }

        if (note.UpdatedAt != note.CreatedAt)
        {
            builder.Append("*Edited ").Append(Time(note.UpdatedAt)).Append("*\n\n");
        }

        var text = note.Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        text = CloseOpenFence(AttachmentLinks.Rewrite(text, destination => files.FirstOrDefault(
            item => item.Link is not null && AttachmentReference.Names(destination, item.File.Id, item.File.Name, item.File.Path)).Link));
        if (text.Length > 0)
        {
            builder.Append(text).Append("\n\n");
        }

        if (files.Count > 0)
        {
            builder.Append("**Attachments**\n\n");
            foreach (var (file, link) in files)
            {
                var name = file.Name;
                builder.Append("- ");
                if (link is null)
                {
                    builder.Append(Inline(name)).Append(" *(not exported)*\n");
                }
                else
                {
                    builder.Append('[').Append(Inline(name)).Append("](").Append(LinkTarget(link)).Append(")\n");
                }
            }

            builder.Append('\n');
        }

        builder.Append("<!-- dataans note ").Append(note.Id.ToString()).Append(" -->\n\n");
    }

    /// <summary>Escapes text so it shows literally inside a heading, list item or link text.</summary>
    public static string Inline(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (character is '\r' or '\n' or '\t')
            {
                builder.Append(' ');
            }
            else
            {
                if ("\\`*_[]<>#|!~&".Contains(character, StringComparison.Ordinal))
                {
                    builder.Append('\\');
                }

                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    /// <summary>A link destination: characters that end or break it are percent-encoded.</summary>
    public static string LinkTarget(string relativePath)
    {
        var builder = new StringBuilder(relativePath.Length);
        foreach (var character in relativePath)
        {
            if (character is ' ' or '(' or ')' or '%' or '#' or '?' or '<' or '>' or '[' or ']' or '\\' || char.IsControl(character))
            {
                builder.Append('%').Append(((int)character).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Closes a code fence the note left open, so one note cannot swallow the rest of a file.
    /// </summary>
    internal static string CloseOpenFence(string text)
    {
        string? open = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimStart(' ');
            if (rawLine.Length - line.Length > 3 || line.Length < 3 || (line[0] != '`' && line[0] != '~'))
            {
                continue;
            }

            var length = 0;
            while (length < line.Length && line[length] == line[0])
            {
                length++;
            }

            if (length < 3)
            {
                continue;
            }

            var fence = line[..length];
            if (open is null)
            {
                open = fence;
            }
            else if (fence[0] == open[0] && fence.Length >= open.Length && line[length..].Trim().Length == 0)
            {
                open = null;
            }
        }

        return open is null ? text : text + "\n" + open;
    }
}
