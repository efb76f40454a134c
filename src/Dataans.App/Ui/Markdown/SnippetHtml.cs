using System.Net;
using System.Text;
using Dataans.Core.Search;

namespace Dataans.App.Ui.Markdown;

/// <summary>Turns a search snippet with highlight markers into safe HTML: the text escaped, the matches in &lt;mark&gt;.</summary>
internal static class SnippetHtml
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

            html.Append(WebUtility.HtmlEncode(Flatten(snippet[start..i])));
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
}
