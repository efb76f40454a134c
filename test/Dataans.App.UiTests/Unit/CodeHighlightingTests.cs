using Dataans.App.Ui.Markdown;

namespace Dataans.App.UiTests.Unit;

/// <summary>The languages the issue names are highlighted in notes: spans with the theme's classes.</summary>
public sealed class CodeHighlightingTests
{
    private readonly NoteRenderer _renderer = new();

    public static TheoryData<string, string, string[]> Samples => new()
    {
        {
            "rust",
            "// entry\n#[derive(Debug)]\nfn main() -> Result<(), String> {\n    let n: u32 = 42;\n    println!(\"{n}\");\n    let c = 'x';\n    Ok(())\n}",
            ["<span class=\"comment\">// entry</span>", "<span class=\"preprocessorKeyword\">#[derive(Debug)]</span>", "<span class=\"keyword\">fn</span>",
                "<span class=\"type\">Result</span>", "<span class=\"type\">u32</span>", "<span class=\"number\">42</span>",
                "<span class=\"builtinFunction\">println!</span>", "<span class=\"string\">\"{n}\"</span>", "<span class=\"string\">'x'</span>"]
        },
        {
            "rs", "impl<'a> Parser<'a> { }", ["<span class=\"keyword\">impl</span>", "<span class=\"type\">Parser</span>"]
        },
        {
            "go",
            "package main\n\n/* note */\nfunc main() {\n\tx := make([]int, 3)\n\tfmt.Println(`raw`, \"s\", len(x))\n}",
            ["<span class=\"keyword\">package</span>", "<span class=\"comment\">/* note */</span>", "<span class=\"keyword\">func</span>",
                "<span class=\"builtinFunction\">make</span>", "<span class=\"type\">int</span>", "<span class=\"number\">3</span>",
                "<span class=\"string\">`raw`</span>", "<span class=\"string\">\"s\"</span>", "<span class=\"builtinFunction\">len</span>"]
        },
        {
            "bash",
            "#!/bin/sh\nfor f in *.md; do\n  echo \"$f\" '$raw' ${#f} # count\ndone",
            ["<span class=\"comment\">#!/bin/sh</span>", "<span class=\"keyword\">for</span>", "<span class=\"keyword\">do</span>",
                "<span class=\"builtinFunction\">echo</span>", "<span class=\"string\">\"$f\"</span>", "<span class=\"string\">'$raw'</span>",
                "<span class=\"type\">${#f}</span>", "<span class=\"comment\"># count</span>", "<span class=\"keyword\">done</span>"]
        },
        {
            "yml",
            "# settings\nname: \"Work\"\nitems:\n  - id: 7\n    done: true\nbase: &base ~",
            ["<span class=\"comment\"># settings</span>", "<span class=\"cssPropertyName\">name</span>", "<span class=\"string\">\"Work\"</span>",
                "<span class=\"cssPropertyName\">items</span>", "<span class=\"cssPropertyName\">id</span>", "<span class=\"number\">7</span>",
                "<span class=\"keyword\">true</span>", "<span class=\"preprocessorKeyword\">&amp;base</span>", "<span class=\"keyword\">~</span>"]
        },
        {
            "toml",
            "[app]\nport = 7780 # the UI\ntheme = \"dark#1\"\nalways-on-top = false\nsince = 2024-05-01",
            ["<span class=\"type\">[app]</span>", "<span class=\"cssPropertyName\">port</span>", "<span class=\"number\">7780</span>",
                "<span class=\"comment\"># the UI</span>", "<span class=\"string\">\"dark#1\"</span>", "<span class=\"cssPropertyName\">always-on-top</span>",
                "<span class=\"keyword\">false</span>", "<span class=\"number\">2024-05-01</span>"]
        },
        {
            "sql", "SELECT id FROM notes WHERE n = 1", ["<span class=\"keyword\">SELECT</span>", "<span class=\"keyword\">FROM</span>"]
        },
        {
            "json", "{\"a\": \"b\"}", ["<span class=\"string\">\"b\"</span>"]
        },
        {
            "ts", "const x: number = 1;", ["<span class=\"keyword\">const</span>"]
        },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void FencedCode_IsHighlighted(string language, string code, string[] spans)
    {
        var html = _renderer.ToHtml($"```{language}\n{code}\n```", _ => null);

        Assert.Contains("<code class=\"hl\">", html, StringComparison.Ordinal);
        var missing = spans.Where(span => !html.Contains(span, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"missing {string.Join(", ", missing)} in {html}");
    }

    [Theory]
    [InlineData("Rust")]
    [InlineData("golang")]
    [InlineData("sh")]
    [InlineData("zsh")]
    [InlineData("YAML")]
    [InlineData("TOML")]
    public void LanguageNames_AndAliases_AreFound_InAnyCase(string name) =>
        Assert.Contains("<code class=\"hl\">", CodeHighlighter.ToHtml("x = 1", name), StringComparison.Ordinal);

    [Fact]
    public void HighlightedCode_IsStillEscaped() =>
        Assert.DoesNotContain("<script>", CodeHighlighter.ToHtml("echo \"<script>alert(1)</script>\" # <b>", "bash"), StringComparison.Ordinal);
}
