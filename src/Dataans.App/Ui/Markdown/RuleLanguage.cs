using ColorCode;
using ColorCode.Common;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// A ColorCode language given by its rules (regular expressions, tried together; the earliest match wins,
/// the first rule on a tie). ColorCode runs them multi-line (<c>^</c>/<c>$</c> at line ends) and without
/// single-line mode, so a rule spanning lines uses <c>[\s\S]</c>. No back-references: ColorCode joins every
/// rule into one expression, which renumbers the groups. It counts groups by every <c>(</c> not followed by
/// <c>?</c>, even one in a character class: write <c>\(</c> there, or the scopes of later rules shift.
/// </summary>
internal sealed class RuleLanguage(string id, string name, string[] aliases, params LanguageRule[] rules) : ILanguage
{
    public string Id => id;

    public string Name => name;

    public string CssClassName => id;

    public string FirstLinePattern => null!; // never used to guess a language here

    public IList<LanguageRule> Rules { get; } = rules;

    public bool HasAlias(string lang) => aliases.Contains(lang, StringComparer.OrdinalIgnoreCase);

    /// <summary>The whole match in one scope.</summary>
    public static LanguageRule Rule(string regex, string scope) => new(regex, new Dictionary<int, string> { [0] = scope });

    /// <summary>Only the first group of the match in the scope (e.g. a key without the indent before it).</summary>
    public static LanguageRule Group(string regex, string scope) => new(regex, new Dictionary<int, string> { [1] = scope });

    /// <summary>Whole words, not parts of longer names.</summary>
    public static LanguageRule Words(string scope, params string[] words) => Rule($@"\b(?:{string.Join('|', words)})\b", scope);

    public static LanguageRule LineComment(string start) => Rule(start + ".*?$", ScopeName.Comment);
}
