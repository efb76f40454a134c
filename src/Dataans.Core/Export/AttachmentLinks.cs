using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Dataans.Core.Export;

/// <summary>
/// Points a note's inline references to its attachments (<c>![](site%20plan.png)</c>, <c>[report](report.pdf)</c>,
/// reference definitions) at the exported copies, so images show in any Markdown viewer. Only link
/// destinations the Markdown parser sees are changed: code, text and other links stay as written.
/// Thread-safe (the pipeline is immutable).
/// </summary>
internal static class AttachmentLinks
{
    // The syntax the app renders notes with (NoteRenderer): tables, task lists and raw HTML change where links are.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .DisableHtml()
        .UsePreciseSourceLocation()
        .Build();

    /// <param name="text">The note's Markdown.</param>
    /// <param name="linkFor">The exported link for a destination that names an attachment, or null to leave it.</param>
    public static string Rewrite(string text, Func<string, string?> linkFor)
    {
        if (!text.Contains("](", StringComparison.Ordinal) && !text.Contains("]:", StringComparison.Ordinal))
        {
            return text;
        }

        var edits = new SortedDictionary<int, (int Length, string Replacement)>();
        var document = Markdown.Parse(text, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            // A link to a reference definition carries the definition's span: one edit, however many uses.
            if (!link.IsAutoLink && link.Url is { } url && link.UrlSpan.Length > 0 && linkFor(url) is { } target)
            {
                edits[link.UrlSpan.Start] = (link.UrlSpan.Length, MarkdownText.LinkTarget(target));
            }
        }

        if (edits.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, (length, replacement)) in edits)
        {
            if (start < position || start + length > text.Length)
            {
                continue;
            }

            builder.Append(text, position, start - position).Append(replacement);
            position = start + length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }
}
