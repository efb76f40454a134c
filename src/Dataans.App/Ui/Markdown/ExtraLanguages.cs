using ColorCode.Common;
using static Dataans.App.Ui.Markdown.RuleLanguage;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// The languages original Dataans users write that ColorCode has no rules for: Rust, Go, shell, YAML and
/// TOML. Keys (YAML, TOML) take the property-name colour, shell variables the type colour.
/// </summary>
internal static class ExtraLanguages
{
    private const string BlockComment = @"/\*[\s\S]*?\*/";
    private const string QuotedString = @"""(?:\\.|[^""\\])*""";
    private const string OneLineString = @"""(?:\\.|[^""\\\n])*""";

    /// <summary>Not part of a word, a path or an option on either side.</summary>
    private const string Alone = @"(?<![\w./$-])";
    private const string AloneAfter = @"(?![\w./-])";

    private static readonly RuleLanguage[] All = [Rust(), Go(), Shell(), Yaml(), Toml()];

    /// <summary>The language named by a fence's info string (id or alias, any case), or null.</summary>
    public static RuleLanguage? Find(string name) =>
        All.FirstOrDefault(language => language.Id.Equals(name, StringComparison.OrdinalIgnoreCase) || language.HasAlias(name));

    private static RuleLanguage Rust() => new(
        "rust",
        "Rust",
        ["rs"],
        Rule(BlockComment, ScopeName.Comment),
        LineComment("//"),
        Rule(@"b?r#+""[\s\S]*?""#+|b?r""[^""]*""", ScopeName.String),
        Rule("b?" + QuotedString, ScopeName.String),
        Rule(@"b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|.)|[^'\\\n])'", ScopeName.String),
        Rule(@"#!?\[[^\]\n]*\]", ScopeName.PreprocessorKeyword),
        Rule(@"\b[a-z_][A-Za-z0-9_]*!", ScopeName.BuiltinFunction),
        Words(
            ScopeName.Keyword,
            "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
            "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
            "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while"),
        Words(
            ScopeName.Type,
            "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32", "f64", "bool", "char", "str"),
        Rule(@"\b[A-Z][A-Za-z0-9_]*\b", ScopeName.Type),
        Rule(@"\b(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)(?:[iu](?:8|16|32|64|128|size)|f32|f64)?\b", ScopeName.Number));

    private static RuleLanguage Go() => new(
        "go",
        "Go",
        ["golang"],
        Rule(BlockComment, ScopeName.Comment),
        LineComment("//"),
        Rule("`[^`]*`", ScopeName.String),
        Rule(OneLineString, ScopeName.String),
        Rule(@"'(?:\\[^\n']+|[^'\\\n])'", ScopeName.String),
        Words(
            ScopeName.Keyword,
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto",
            "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var",
            "true", "false", "nil", "iota"),
        Words(
            ScopeName.Type,
            "any", "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32",
            "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"),
        Rule(@"\b(?:append|cap|clear|close|complex|copy|delete|imag|len|make|max|min|new|panic|print|println|real|recover)(?=\()", ScopeName.BuiltinFunction),
        Rule(@"\b(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?i?)\b", ScopeName.Number));

    private static RuleLanguage Shell() => new(
        "shell",
        "Shell",
        ["sh", "bash", "zsh", "console", "shell-session"],
        Rule(@"(?<=^|[ \t;|&\(])#.*?$", ScopeName.Comment), // "\(": ColorCode counts any other "(" as a group
        Rule("'[^']*'", ScopeName.String),
        Rule(QuotedString, ScopeName.String),
        Rule(@"\$(?:\{[^}\n]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9@#?$!*-])", ScopeName.Type),
        Rule(
            Alone + "(?:if|then|else|elif|fi|case|esac|for|while|until|do|done|in|function|select|return|local|export|readonly|declare|"
            + "unset|shift|exit|break|continue|source|alias|set|trap|eval|exec|time)" + AloneAfter,
            ScopeName.Keyword),
        Rule(
            Alone + "(?:echo|printf|cd|pwd|read|test|sudo|cat|grep|sed|awk|find|xargs|ls|cp|mv|rm|mkdir|chmod|chown|curl|wget|tar|git|"
            + "apt|apt-get|dotnet|cargo|npm|docker|systemctl|ssh|make)" + AloneAfter,
            ScopeName.BuiltinFunction));

    private static RuleLanguage Yaml() => new(
        "yaml",
        "YAML",
        ["yml"],
        Rule(@"(?<=^|\s)#.*?$", ScopeName.Comment),
        Rule(@"^(?:---|\.\.\.)[ \t]*$", ScopeName.Keyword),
        Group(@"^[ \t]*(?:-[ \t]+)*(""[^""\n]*""|'[^'\n]*'|[^\s#'""\-:][^\n#:]*?)[ \t]*(?=:(?:[ \t]|$))", ScopeName.CssPropertyName),
        Rule(OneLineString, ScopeName.String),
        Rule(@"'(?:''|[^'\n])*'", ScopeName.String),
        Rule(@"[&*][A-Za-z0-9_-]+|!!?[A-Za-z0-9_-]*", ScopeName.PreprocessorKeyword),
        Rule(@"(?<![\w.-])(?:true|false|yes|no|on|off|null|True|False|Null|TRUE|FALSE|NULL|~)(?![\w.-])", ScopeName.Keyword),
        Rule(@"(?<![\w.:-])[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?|\.inf|\.nan)(?![\w.:-])", ScopeName.Number));

    private static RuleLanguage Toml() => new(
        "toml",
        "TOML",
        [],
        Rule(@"""""""[\s\S]*?""""""|'''[\s\S]*?'''", ScopeName.String),
        Rule(OneLineString, ScopeName.String),
        Rule(@"'[^'\n]*'", ScopeName.String),
        LineComment("#"),
        Rule(@"^[ \t]*\[\[?[^\]\n]*\]\]?", ScopeName.Type),
        Group(@"^[ \t]*([A-Za-z0-9_.-]+)(?=[ \t]*=)", ScopeName.CssPropertyName),
        Rule(@"(?<![\w.-])(?:true|false|[+-]?inf|[+-]?nan)(?![\w.-])", ScopeName.Keyword),
        Rule(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?\b|\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b", ScopeName.Number),
        Rule(@"(?<![\w.-])[+-]?(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.[\d_]+)?(?:[eE][+-]?\d+)?)(?![\w.-])", ScopeName.Number));
}
