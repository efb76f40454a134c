using Dataans.App.Ui.Markdown;

namespace Dataans.App.UiTests.Unit;

/// <summary>The languages users write (issue 13.4): each one's typical tokens get their classes, after the sanitizer.</summary>
public sealed class CodeHighlighterTests
{
    private readonly NoteRenderer _renderer = new();

    [Theory]
    [InlineData("rust", "fn main() { let n: u32 = 3; println!(\"{n}\"); } // sum", "keyword:fn", "type:u32", "builtinFunction:println!", "comment:// sum", "number:3")]
    [InlineData("rs", "pub struct Note;", "keyword:pub", "keyword:struct")]
    [InlineData("go", "func main() { fmt.Println(\"hi\", len(os.Args)) } // args", "keyword:func", "string:\"hi\"", "builtinFunction:len", "comment:// args")]
    [InlineData("sh", "export DATA=~/notes && dataans note list --limit 5 # five", "keyword:export", "comment:# five", "attribute:--limit", "number:5")]
    [InlineData("bash", "echo \"$HOME\" ${PATH}", "builtinFunction:echo", "pseudoKeyword:${PATH}")]
    [InlineData("yaml", "server:\n  port: 8080 # comment\n  debug: true", "attribute:server", "attribute:port", "number:8080", "builtinValue:true", "comment:# comment")]
    [InlineData("toml", "[app]\napp-toggle = \"F2\" # shortcut\nport = 7780", "className:[app]", "attribute:app-toggle", "string:\"F2\"", "comment:# shortcut", "number:7780")]
    [InlineData("sql", "SELECT id FROM spaces WHERE id = 42; -- one", "keyword:SELECT", "comment:-- one")]
    [InlineData("json", "{ \"name\": \"Work\", \"notes\": 12, \"shared\": false }", "jsonKey:\"name\"", "jsonString:\"Work\"", "jsonNumber:12", "jsonConst:false")]
    [InlineData("ts", "const n: number = await count(\"Work\"); // typed", "keyword:const", "comment:// typed")]
    public void FencedCode_InACommonLanguage_IsHighlighted(string language, string code, params string[] expected)
    {
        var html = _renderer.ToHtml($"```{language}\n{code}\n```", _ => null);

        Assert.Contains("<code class=\"hl\">", html, StringComparison.Ordinal);
        foreach (var pair in expected)
        {
            var (scope, text) = (pair[..pair.IndexOf(':', StringComparison.Ordinal)], pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            Assert.Contains($"<span class=\"{scope}\">{text}</span>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FencedCode_HostileTextInAnExtraLanguage_StaysText()
    {
        var html = _renderer.ToHtml("```rust\nlet s = \"<script>alert(1)</script>\"; // <img src=x onerror=alert(1)>\n```", _ => null);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }
}
