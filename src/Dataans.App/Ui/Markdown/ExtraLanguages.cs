using ColorCode;
using ColorCode.Common;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// Languages ColorCode does not ship that this app's users write: Rust, Go, shell, YAML and TOML, as
/// ColorCode rule sets (regular expressions, each naming the scope its match gets). Highlighting stays
/// on the server, so the page keeps its CSP (no script) and every span still goes through the sanitizer.
/// </summary>
internal static class ExtraLanguages
{
    private const string LineComment = @"//[^\n]*";
    private const string BlockComment = @"/\*[\s\S]*?\*/";
    private const string HashComment = @"(?<![\w$#{])#[^\n]*";
    private const string DoubleQuoted = @"""(?:\\.|[^""\\\n])*""";
    private const string SingleQuoted = @"'(?:\\.|[^'\\\n])*'";
    private const string Number = @"\b(?:0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)(?:[iu](?:8|16|32|64|128|size)|f32|f64)?\b";

    public static IReadOnlyList<ILanguage> All { get; } =
    [
        new RuleLanguage("rust", "Rust", ["rs"],
        [
            Rule(BlockComment, ScopeName.Comment),
            Rule(LineComment, ScopeName.Comment),
            Rule(@"b?r#*""[\s\S]*?""#*", ScopeName.String),
            Rule(@"b?" + DoubleQuoted, ScopeName.String),
            Rule(@"b?'(?:\\.|[^'\\\n])'", ScopeName.String),
            Rule(@"#!?\[[^\]\n]*\]", ScopeName.PreprocessorKeyword),
            Rule(Words("as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while"), ScopeName.Keyword),
            Rule(Words("true false None Some Ok Err"), ScopeName.BuiltinValue),
            Rule(Words("u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64 bool char str String Vec Option Result Box"), ScopeName.Type),
            Rule(@"\b[a-z_][a-z0-9_]*!", ScopeName.BuiltinFunction),
            Rule(Number, ScopeName.Number),
        ]),
        new RuleLanguage("go", "Go", ["golang"],
        [
            Rule(BlockComment, ScopeName.Comment),
            Rule(LineComment, ScopeName.Comment),
            Rule(@"`[^`]*`", ScopeName.String),
            Rule(DoubleQuoted, ScopeName.String),
            Rule(@"'(?:\\.|[^'\\\n])+'", ScopeName.String),
            Rule(Words("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var"), ScopeName.Keyword),
            Rule(Words("true false nil iota"), ScopeName.BuiltinValue),
            Rule(Words("bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any"), ScopeName.Type),
            Rule(Words("append cap close copy delete len make new panic print println recover"), ScopeName.BuiltinFunction),
            Rule(Number, ScopeName.Number),
        ]),
        new RuleLanguage("shell", "Shell", ["sh", "bash", "zsh", "console", "shellsession"],
        [
            Rule(HashComment, ScopeName.Comment),
            Rule(DoubleQuoted, ScopeName.String),
            Rule(SingleQuoted, ScopeName.String),
            Rule(@"\$(?:\{[^}\n]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9@#?$!*-])", ScopeName.PseudoKeyword),
            Rule(Words("if then else elif fi for while until do done case esac in function return local export readonly unset set shift exit break continue source alias"), ScopeName.Keyword),
            Rule(Words("echo printf cd ls cat grep sed awk find xargs mkdir rm cp mv chmod chown sudo apt-get curl tar git dotnet"), ScopeName.BuiltinFunction),
            Rule(@"(?<=\s)--?[A-Za-z][\w-]*", ScopeName.Attribute),
            Rule(@"\b\d+\b", ScopeName.Number),
        ]),
        new RuleLanguage("yaml", "YAML", ["yml"],
        [
            Rule(HashComment, ScopeName.Comment),
            Rule(DoubleQuoted, ScopeName.String),
            Rule(SingleQuoted, ScopeName.String),
            Rule(@"[A-Za-z_][\w .-]*(?=\s*:(?:\s|$))", ScopeName.Attribute),
            Rule(@"^-{3}$|^\.{3}$|[&*][\w-]+|![\w!]*", ScopeName.PreprocessorKeyword),
            Rule(Words("true false yes no on off null"), ScopeName.BuiltinValue),
            Rule(Number, ScopeName.Number),
        ]),
        new RuleLanguage("toml", "TOML", [],
        [
            Rule(HashComment, ScopeName.Comment),
            Rule(@"""{3}[\s\S]*?""{3}|'{3}[\s\S]*?'{3}", ScopeName.String),
            Rule(DoubleQuoted, ScopeName.String),
            Rule(SingleQuoted, ScopeName.String),
            Rule(@"^\s*\[\[?[^\]\n]+\]\]?", ScopeName.ClassName),
            Rule(@"^\s*[A-Za-z0-9_.""'-]+(?=\s*=)", ScopeName.Attribute),
            Rule(Words("true false inf nan"), ScopeName.BuiltinValue),
            Rule(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?\b", ScopeName.Number),
            Rule(@"[+-]?" + Number, ScopeName.Number),
        ]),
    ];

    private static LanguageRule Rule(string regex, string scope) => new(regex, new Dictionary<int, string> { [0] = scope });

    private static string Words(string words) => @"\b(?:" + string.Join('|', words.Split(' ')) + @")\b";

    private sealed class RuleLanguage(string id, string name, string[] aliases, IList<LanguageRule> rules) : ILanguage
    {
        public string Id => id;

        public string Name => name;

        public string CssClassName => id;

        public string? FirstLinePattern => null;

        public IList<LanguageRule> Rules => rules;

        public bool HasAlias(string lang) => aliases.Contains(lang, StringComparer.OrdinalIgnoreCase);
    }
}
