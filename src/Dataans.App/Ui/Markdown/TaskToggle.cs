using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// Ticks or unticks the n-th task item (<c>- [ ]</c> / <c>- [x]</c>) of a note's Markdown, counted in
/// the order <see cref="NoteRenderer"/> draws their checkboxes; only the character between the brackets
/// changes. Thread-safe (the pipeline is immutable).
/// </summary>
internal static class TaskToggle
{
    // The syntax NoteRenderer parses with, so the n-th task here is the n-th checkbox there.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .DisableHtml()
        .UsePreciseSourceLocation()
        .Build();

    /// <returns>The text with task <paramref name="index"/> set to <paramref name="done"/>, or null when there is no such task.</returns>
    public static string? Set(string markdown, int index, bool done)
    {
        if (index < 0)
        {
            return null;
        }

        var task = Markdig.Markdown.Parse(markdown, Pipeline).Descendants<TaskList>().Skip(index).FirstOrDefault();
        if (task is null || task.Span.Length != 3 || task.Span.End >= markdown.Length || markdown[task.Span.Start] != '[' || markdown[task.Span.End] != ']')
        {
            return null;
        }

        var mark = markdown[task.Span.Start + 1];
        var wanted = done ? (mark is 'x' or 'X' ? mark : 'x') : ' ';
        return string.Create(markdown.Length, (markdown, task.Span.Start + 1, wanted), static (span, state) =>
        {
            state.markdown.AsSpan().CopyTo(span);
            span[state.Item2] = state.wanted;
        });
    }
}
