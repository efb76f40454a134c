using System.Text.RegularExpressions;

namespace Dataans.App.UiTests.Browser.Xss;

/// <summary>
/// One hostile text. <see cref="Text"/> calls <c>__xss(Id)</c> (or opens a dialog) if it ever runs and always
/// contains <c>xss(Id)</c> literally, so a search for <see cref="Token"/> finds it. <see cref="Visible"/>
/// is what a user must still see once the note is rendered as Markdown (null: the whole text).
/// </summary>
public sealed record XssPayload(int Id, string Name, string Text, string? Visible)
{
    public string Token => $"xss({Id})";

    /// <summary>The text as a one-line space name (names are at most 200 characters).</summary>
    public string SpaceName
    {
        get
        {
            var line = Regex.Replace(Text, @"\s+", " ").Trim();
            return Cut(line, 200);
        }
    }

    /// <summary>The text as a file name: one line, short enough for a file system.</summary>
    public string FileName => Cut(SpaceName, 120);

    // A cut text still ends with the token, so a user (and a test) can tell the payloads apart.
    private string Cut(string text, int max) => text.Length <= max ? text : text[..(max - Token.Length - 1)] + " " + Token;

    public override string ToString() => $"#{Id} {Name}";
}

/// <summary>Classic XSS vectors (OWASP cheat sheet, PortSwigger, DOMPurify/mXSS reports), each with its own id.</summary>
public static class XssPayloads
{
    private static readonly (string Name, string Text, string? Visible)[] Templates =
    [
        ("script tag", "<script>__xss(§)</script>", null),
        ("script src data", "<SCRIPT SRC=data:text/javascript,__xss(§)></SCRIPT>", null),
        ("img onerror", "<img src=x onerror=__xss(§)>", null),
        ("img mixed case", "<IMG SRC=x OnErRoR=__xss(§)>", null),
        ("img quoted", "<img src=\"x\" onerror=\"__xss(§)\"/>", null),
        ("svg onload", "<svg onload=__xss(§)>", null),
        ("svg script", "<svg><script>__xss(§)</script></svg>", null),
        ("body onload", "<body onload=__xss(§)>", null),
        ("iframe js src", "<iframe src=\"javascript:__xss(§)\"></iframe>", null),
        ("iframe srcdoc", "<iframe srcdoc=\"<script>parent.__xss(§)</script>\"></iframe>", null),
        ("object data", "<object data=\"javascript:__xss(§)\">", null),
        ("embed src", "<embed src=\"javascript:__xss(§)\">", null),
        ("raw a href", "<a href=\"javascript:__xss(§)\">raw link §</a>", null),
        ("md link js", "[md link §](javascript:__xss(§))", "md link §"),
        ("md link mixed case", "[md link §](JaVaScRiPt:__xss(§))", "md link §"),
        ("md link entity", "[md link §](&#106;avascript:__xss(§))", "md link §"),
        ("md link tab", "[md link §](java&#x09;script:__xss(§))", "md link §"),
        ("md link percent", "[md link §](%6Aavascript:__xss(§))", "md link §"),
        ("md link data", "[md link §](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoMSk8L3NjcmlwdD4=) xss(§)", "md link § xss(§)"),
        ("md link vbscript", "[md link §](vbscript:msgbox\\(§\\)) xss(§)", "md link § xss(§)"),
        ("md image js", "![md image §](javascript:__xss(§))", "[image not found: javascript:__xss(§)]"),
        ("md image data svg", "![md image §](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9X194c3MoMSk+) xss(§)", "xss(§)"),
        ("autolink js", "<javascript:__xss(§)>", "javascript:__xss(§)"),
        ("autolink js upper", "<JAVASCRIPT:__xss(§)>", "JAVASCRIPT:__xss(§)"),
        ("bare url breakout", "www.example.com/\"onmouseover=\"__xss(§)\"", null),
        ("url script breakout", "https://example.com/?q=\"><script>__xss(§)</script>", null),
        ("link title breakout", "[md link §](https://example.com \"t\\\" onmouseover=\\\"__xss(§)\")", "md link §"),
        ("link title single", "[md link §](https://example.com 'x\" onfocus=\"__xss(§)\" autofocus=\"')", "md link §"),
        ("reference link js", "[ref link §][r§]\n\n[r§]: javascript:__xss(§)", "ref link §"),
        ("reference title", "[ref title §][t§]\n\n[t§]: https://example.com \"\\\"><img src=x onerror=__xss(§)>\"", "ref title §"),
        ("reference image js", "![ref image §][i§]\n\n[i§]: javascript:__xss(§)", "[image not found: javascript:__xss(§)]"),
        ("code fence html", "```html\n<script>__xss(§)</script>\n<img src=x onerror=__xss(§)>\n```", "<script>__xss(§)</script> <img src=x onerror=__xss(§)>"),
        ("code fence info quote", "```\"><img src=x onerror=__xss(§)>\nbody §\n```", "body §"),
        ("code fence info script", "```<script>__xss(§)</script>\ncode §\n```", "code §"),
        ("inline code", "`<img src=x onerror=__xss(§)>`", "<img src=x onerror=__xss(§)>"),
        ("textarea close", "</textarea><script>__xss(§)</script>", null),
        ("title close", "</title><script>__xss(§)</script>", null),
        ("pre close", "</pre><img src=x onerror=__xss(§)>", null),
        ("mxss math mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=__xss(§)>", null),
        ("mxss svg style", "<svg><style><img src=x onerror=__xss(§)></style></svg>", null),
        ("mxss noscript", "<noscript><p title=\"</noscript><img src=x onerror=__xss(§)>\">", null),
        ("mxss form math", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=__xss(§)>", null),
        ("mxss comment", "<!--<img src=\"--><img src=x onerror=__xss(§)//\">", null),
        ("cdata", "<![CDATA[<img src=x onerror=__xss(§)>]]>", null),
        ("css url js", "<div style=\"background:url(javascript:__xss(§))\">css §</div>", null),
        ("css expression", "<div style=\"width:expression(__xss(§))\">css §</div>", null),
        ("css import", "<style>@import 'javascript:__xss(§)';</style>", null),
        ("link stylesheet", "<link rel=stylesheet href=\"javascript:__xss(§)\">", null),
        ("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__xss(§)\">", null),
        ("base href", "<base href=\"javascript:__xss(§)//\">", null),
        ("input autofocus", "<input autofocus onfocus=__xss(§)>", null),
        ("details ontoggle", "<details open ontoggle=__xss(§)>", null),
        ("video source", "<video><source onerror=__xss(§)></video>", null),
        ("audio onerror", "<audio src=x onerror=__xss(§)>", null),
        ("marquee", "<marquee onstart=__xss(§)>", null),
        ("double quote breakout", "\"><img src=x onerror=__xss(§)>", null),
        ("single quote breakout", "'><img src=x onerror=__xss(§)>", null),
        ("quotes in tag", "<img \"\"\"><script>__xss(§)</script>\">", null),
        ("named entities", "&lt;img src=x onerror=__xss(§)&gt;", "<img src=x onerror=__xss(§)>"),
        ("numeric entities", "&#60;script&#62;__xss(§)&#60;/script&#62;", "<script>__xss(§)</script>"),
        ("backslash escapes", "\\<script>__xss(§)\\</script>", "<script>__xss(§)</script>"),
        ("angular template", "{{constructor.constructor('__xss(§)')()}}", null),
        ("razor template", "@(__xss(§)) @{ __xss(§); } @Html.Raw(\"<script>__xss(§)</script>\")", null),
        ("other templates", "${__xss(§)} #{__xss(§)} <%= __xss(§) %>", null),
        ("rtl override", "\u202E<img src=x onerror=__xss(§)>\u202D gnp.exe", null),
        ("zero width scheme", "[zw link §](java\u200Bscript:__xss(§))", "zw link §"),
        ("fullwidth", "\uFF1Cscript\uFF1E__xss(§)\uFF1C/script\uFF1E", null),
        ("nested script", "<scr<script>ipt>__xss(§)</scr</script>ipt>", null),
        ("double open", "<<script>script>__xss(§)<</script>/script>", null),
        ("raw a hex entities", "<a href=\"&#x6A;&#x61;vascript:__xss(§)\">entity link §</a>", "<a href=\"javascript:__xss(§)\">entity link §</a>"),
        ("raw a colon entity", "<a href=\"javascript&colon;__xss(§)\">colon link §</a>", "<a href=\"javascript:__xss(§)\">colon link §</a>"),
        ("eval src alert", "<img src=x:alert(§) onerror=eval(src)> xss(§)", null),
        ("svg xlink", "<svg><a xlink:href=\"javascript:__xss(§)\"><text x=\"20\" y=\"20\">svg link §</text></a></svg>", null),
        ("svg animate", "<svg><animate onbegin=__xss(§) attributeName=x dur=1s>", null),
        ("svg set href", "<svg><a><set attributeName=\"href\" to=\"javascript:__xss(§)\"/><text>set §</text></a></svg>", null),
        ("formaction", "<form action=\"javascript:__xss(§)\"><button formaction=\"javascript:__xss(§)\">fa §</button></form>", null),
        ("custom element onclick", "<x onclick=__xss(§)>click §</x>", null),
        ("handler entities", "<img src=x onerror=&#95;&#95;xss(§)>", "<img src=x onerror=__xss(§)>"),
        ("raw a data url", "<a href=\"data:text/html,<script>parent.__xss(§)</script>\">data link §</a>", null),
        ("task list html", "- [x] <img src=x onerror=__xss(§)>", "<img src=x onerror=__xss(§)>"),
        ("table cell", "| a § | b |\n|---|---|\n| <img src=x onerror=__xss(§)> | [cell link §](javascript:__xss(§)) |", "<img src=x onerror=__xss(§)>"),
        ("image alt breakout", "![x\" onerror=\"__xss(§)](x.png)", "[image not found: x.png]"),
        ("title setter", "<img src=x onerror=\"document.title='pwned §'\"> xss(§)", null),
        ("snippet markers", "\u0002<img src=x onerror=__xss(§)>\u0003 xss(§)", null),
        ("mailto body", "[mail §](mailto:a@example.com?body=<script>__xss(§)</script>)", "mail §"),
        ("long nested", string.Concat(Enumerable.Repeat("<div><b>", 400)) + "<img src=x onerror=__xss(§)>", "<img src=x onerror=__xss(§)>"),
        ("very long", new string('A', 20_000) + " [long link §](javascript:__xss(§)) <svg onload=__xss(§)>", "long link § <svg onload=__xss(§)>"),
    ];

    public static IReadOnlyList<XssPayload> All { get; } =
        Templates.Select((t, i) => new XssPayload(i + 1, t.Name, Fill(t.Text, i + 1), t.Visible is null ? null : Fill(t.Visible, i + 1))).ToList();

    private static string Fill(string template, int id) => template.Replace("§", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
