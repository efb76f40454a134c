namespace Dataans.Core.Crypto;

/// <summary>
/// The forms a typed passphrase may have been generated in. People write a generated passphrase down
/// the way they read it (<c>amber falcon quiet river stone</c>); when the exact text is refused by the
/// account's key verifier, sign-in tries these forms too: the words in Title-Case joined by
/// <see cref="PassphraseGenerator.Separator"/>, as <see cref="PassphraseGenerator"/> writes them. Key
/// derivation itself is unchanged (the seed's), so a custom passphrase means exactly what was typed.
/// Stateless and thread-safe.
/// </summary>
internal static class PassphraseForms
{
    /// <summary>At most this many forms are tried (each costs one key derivation, about a second).</summary>
    public const int MaxAlternatives = 3;

    private const int MaxWords = 16;
    private const int MaxWordParts = 3;
    private static readonly char[] Separators = [' ', '\t', '-', '_', '.', ',', '/', '+', ';', ':'];

    /// <summary>
    /// Other forms of <paramref name="typed"/> worth trying, most likely first, never the typed text itself:
    /// every word Title-Cased and joined by <c>-</c>; and, where the word list holds words that contain a
    /// separator (<c>t-shirt</c>), the readings that keep such words whole.
    /// </summary>
    /// <param name="words">The generator's word list (default: <see cref="PassphraseGenerator.Words"/>).</param>
    public static IReadOnlyList<string> Alternatives(string typed, IReadOnlyList<string>? words = null)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var parts = typed.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > MaxWords)
        {
            return [];
        }

        var forms = new List<string> { Join(parts) };
        var list = new HashSet<string>(words ?? PassphraseGenerator.Words, StringComparer.Ordinal);
        Segment(parts, 0, [], list, forms);
        return forms.Distinct(StringComparer.Ordinal).Where(form => form != typed).Take(MaxAlternatives).ToList();
    }

    /// <summary>A word as the generator writes it: first letter upper case, the rest as in the list.</summary>
    public static string TitleCase(string word) =>
        word.Length == 0 ? word : string.Concat(char.ToUpperInvariant(word[0]).ToString(), word.AsSpan(1));

    /// <summary>Every reading of parts[start..] as list words (a word may span parts joined by '-').</summary>
    private static void Segment(string[] parts, int start, List<string> chosen, HashSet<string> list, List<string> forms)
    {
        if (forms.Count > MaxAlternatives)
        {
            return;
        }

        if (start == parts.Length)
        {
            forms.Add(Join(chosen));
            return;
        }

        for (var count = Math.Min(MaxWordParts, parts.Length - start); count >= 1; count--)
        {
            var word = string.Join(PassphraseGenerator.Separator, parts, start, count);
            if (list.Contains(word))
            {
                chosen.Add(word);
                Segment(parts, start + count, chosen, list, forms);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
    }

    private static string Join(IEnumerable<string> words) => string.Join(PassphraseGenerator.Separator, words.Select(TitleCase));
}
