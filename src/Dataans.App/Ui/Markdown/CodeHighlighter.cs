using System.Net;
using ColorCode;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// Syntax highlighting of fenced code with ColorCode: spans with CSS classes (coloured by the theme).
/// Unknown languages are shown as escaped plain text. Thread-safe.
/// </summary>
internal static class CodeHighlighter
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = "c#",
        ["csharp"] = "c#",
        ["js"] = "javascript",
        ["jsx"] = "javascript",
        ["mjs"] = "javascript",
        ["ts"] = "typescript",
        ["tsx"] = "typescript",
        ["py"] = "python",
        ["ps1"] = "powershell",
        ["ps"] = "powershell",
        ["c"] = "cpp",
        ["c++"] = "cpp",
        ["h"] = "cpp",
        ["hpp"] = "cpp",
        ["htm"] = "html",
        ["xaml"] = "xml",
        ["svg"] = "xml",
        ["fs"] = "f#",
        ["fsharp"] = "f#",
        ["md"] = "markdown",
        ["hs"] = "haskell",
        ["vb"] = "vb.net",
        ["json"] = "javascript",
    };

    public static string ToHtml(string code, string language)
    {
        var id = Aliases.TryGetValue(language, out var alias) ? alias : language;
        var found = id.Length == 0 ? null : ExtraLanguages.Find(id) ?? Languages.FindById(id);
        if (found is null)
        {
            return $"<pre><code>{WebUtility.HtmlEncode(code)}</code></pre>";
        }

        var html = new HtmlClassFormatter().GetHtmlString(code, found);
        return $"<pre><code class=\"hl\">{StripWrapper(html)}</code></pre>";
    }

    // ColorCode wraps its output in <div …><pre>…</pre></div>; keep only the highlighted spans.
    private static string StripWrapper(string html)
    {
        var start = html.IndexOf("<pre", StringComparison.Ordinal);
        if (start >= 0)
        {
            start = html.IndexOf('>', start) + 1;
            var end = html.LastIndexOf("</pre>", StringComparison.Ordinal);
            if (start > 0 && end >= start)
            {
                return html[start..end].TrimStart('\r', '\n');
            }
        }

        return html;
    }
}
