using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Dataans.App.Ui.Markdown;

/// <summary>Renders code blocks highlighted, under a header with the language and a copy button.</summary>
internal sealed class HighlightedCodeBlockRenderer : HtmlObjectRenderer<CodeBlock>
{
    protected override void Write(HtmlRenderer renderer, CodeBlock obj)
    {
        var code = obj.Lines.ToString();
        var language = (obj as FencedCodeBlock)?.Info?.Trim() ?? string.Empty;
        renderer.Write("<div class=\"code-block\"><div class=\"code-header\"><span class=\"code-lang\">");
        renderer.WriteEscape(language.Length == 0 ? "text" : language);
        renderer.Write("</span><button type=\"button\" class=\"copy-code\" aria-label=\"Copy code\" title=\"Copy code\">Copy</button></div>");
        renderer.Write(CodeHighlighter.ToHtml(code, language));
        renderer.Write("</div>");
    }
}
