using Dataans.App.Ui.Markdown;

namespace Dataans.App.UiTests.Unit;

public sealed class NoteRendererTests
{
    private readonly NoteRenderer _renderer = new();

    private string Html(string markdown) =>
        _renderer.ToHtml(markdown, url => url == "cat.png" ? "/files/n/f" : null);

    [Fact]
    public void Gfm_TablesTaskListsStrikethroughAutolinks()
    {
        var html = Html("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ https://example.com");

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<del>old</del>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.com\" target=\"_blank\" rel=\"noopener noreferrer\">https://example.com</a>", html, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(html, "class=\"task\""));
        Assert.Equal(0, CountOf(html, "disabled"));
        Assert.Equal(1, CountOf(html, "checked=\"checked\""));
    }

    [Fact]
    public void CodeBlock_IsHighlighted_WithACopyButton()
    {
        var html = Html("```js\nconst a = \"x\";\n```");

        Assert.Contains("<span class=\"code-lang\">js</span>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"copy-code\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"keyword\">const</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLanguage_IsEscapedPlainText() =>
        Assert.Contains("<pre><code>&lt;b&gt;</code></pre>", Html("```klingon\n<b>\n```"), StringComparison.Ordinal);

    [Fact]
    public void LinkToABlockedScheme_KeepsItsText_AndSaysWhereItPointedOnHover()
    {
        var html = Html("see [the report](javascript:alert(1)) and [home](https://example.com)");

        Assert.Contains(
            "<a class=\"blocked-link\" title=\"Not a link: only http, https and mailto addresses open. It pointed to javascript:alert(1)\">the report</a>",
            html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.com\" target=\"_blank\" rel=\"noopener noreferrer\">home</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    public void HostileInput_NeverBecomesLiveHtml(string markdown)
    {
        var html = Html(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", StripText(html), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", StripText(html), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", StripText(html), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"javascript", StripText(html), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("![=200x300](cat.png)", "width: 200px; height: 300px")]
    [InlineData("![=100x](cat.png)", "width: 100px")]
    [InlineData("![=x150](cat.png)", "height: 150px")]
    [InlineData("![=20%](cat.png)", "zoom: 20%")]
    public void ImageResizeSyntax_SizesTheAttachmentImage(string markdown, string style)
    {
        var html = Html(markdown);

        Assert.Contains("src=\"/files/n/f\"", html, StringComparison.Ordinal);
        Assert.Contains($"style=\"{style}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=40%x60%")]
    [InlineData("=axb")]
    [InlineData("a cat")]
    public void InvalidSizes_AreIgnored(string alt) => Assert.Null(ImageSize.ToStyle(alt));

    [Fact]
    public void RemoteImage_IsALinkNotAnImage()
    {
        var html = Html("![tracker](https://evil.example/pixel.png)");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://evil.example/pixel.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLocalImage_SaysItIsMissing() =>
        Assert.Contains("[image not found: dog.png]", Html("![](dog.png)"), StringComparison.Ordinal);

    [Fact]
    public void Snippet_IsEscaped_AndMarksTheMatches()
    {
        var html = SnippetHtml.ToHtml("a <b> \u0002東京\u0003\nand \u0002x\u0003");

        Assert.Equal("a &lt;b&gt; <mark>東京</mark> and <mark>x</mark>", html);
    }

    [Fact]
    public void Snippet_DropsEmphasisMarksAroundMatches_ButNotInsideThem()
    {
        var html = SnippetHtml.ToHtml("# Plan\n> the quarterly **\u0002report\u0003** and ~~old~~ `code` _pull requests_ 2*3 snake_case \u0002a**b\u0003");

        Assert.Equal("Plan the quarterly <mark>report</mark> and old code pull requests 2*3 snake_case <mark>a**b</mark>", html);
    }

    private static string StripText(string html) => System.Text.RegularExpressions.Regex.Replace(html, ">[^<]*<", "><");

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
