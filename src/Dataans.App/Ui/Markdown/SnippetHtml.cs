using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dataans.Core.Search;

namespace Dataans.App.Ui.Markdown;

/// <summary>Turns a search snippet with highlight markers into safe HTML: the text escaped, the matches in &lt;mark&gt;.</summary>
internal static partial class SnippetHtml
{
    public static string ToHtml(string snippet)
    {
        var html = new StringBuilder(snippet.Length + 32);
        var open = false;
        var start = 0;
        for (var i = 0; i <= snippet.Length; i++)
        {
            if (i < snippet.Length && snippet[i] is not (NoteSearch.HighlightStart or NoteSearch.HighlightEnd))
            {
                continue;
            }

            var part = snippet[start..i];
            html.Append(WebUtility.HtmlEncode(open ? Flatten(part) : Plain(part)));
            if (i < snippet.Length)
            {
                var opens = snippet[i] == NoteSearch.HighlightStart;
                if (opens != open)
                {
                    html.Append(opens ? "<mark>" : "</mark>");
                    open = opens;
                }
            }

            start = i + 1;
        }

        if (open)
        {
            html.Append("</mark>");
        }

        return html.ToString();
    }

    // Previews are one line, as in the original: line breaks become spaces.
    private static string Flatten(string text) => text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    // "# Heading", "> quote", "**bold**", "_italic_", "~~gone~~" and `code` read as plain words in a
    // preview; a match itself is shown as typed. A '*' or '_' inside a word (2*3, snake_case) stays.
    private static string Plain(string text) =>
        EmphasisMarks().Replace(Flatten(LineMarks().Replace(text, string.Empty)), string.Empty);

    [GeneratedRegex(@"^[ \t]{0,3}(?:#{1,6}|>)[ \t]+", RegexOptions.Multiline)]
    private static partial Regex LineMarks();

    [GeneratedRegex(@"\*\*|~~|`+|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")]
    private static partial Regex EmphasisMarks();
}
