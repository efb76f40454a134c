using System.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// Generates passphrases like the original: five Title-Case words joined by <c>-</c>, each drawn
/// uniformly with a CSPRNG from the bundled word list (<c>Crypto/wordlist.txt</c>): the EFF long word
/// list made for passphrases (memorable, unambiguous, nothing offensive; Electronic Frontier Foundation,
/// 2016, CC BY 3.0) without its four hyphenated words (a word never holds the separator) and without
/// "hate" and "hatred" (see <c>Crypto/wordlist-NOTICE.md</c>). 7,770 words
/// give 12.92 bits each, 64.6 bits for five. The key derivation is over the passphrase text, so a
/// passphrase made from an older list keeps working. This is the one place the list lives. Thread-safe.
/// </summary>
public static class PassphraseGenerator
{
    /// <summary>Words in a generated passphrase.</summary>
    public const int WordCount = 5;

    /// <summary>The separator between words.</summary>
    public const char Separator = '-';

    private const string ResourceName = "Dataans.Core.Crypto.wordlist.txt";

    private static readonly Lazy<string[]> LazyWords = new(LoadWords);

    /// <summary>The least number of words that keeps five-word passphrases above 64 bits.</summary>
    public const int MinimumWordCount = 7_132;

    /// <summary>The bundled word list: distinct, lowercase ASCII words, sorted.</summary>
    /// <exception cref="InvalidOperationException">The embedded resource is missing or too small (a build error).</exception>
    public static IReadOnlyList<string> Words => LazyWords.Value;

    /// <summary>The entropy of one generated passphrase in bits.</summary>
    public static double EntropyBits => WordCount * Math.Log2(Words.Count);

    /// <summary>True when <paramref name="word"/> is on the list, in any case (for reading back a typed passphrase).</summary>
    public static bool IsListWord(string word) =>
        Array.BinarySearch(LazyWords.Value, word.ToLowerInvariant(), StringComparer.Ordinal) >= 0;

    /// <summary>Returns a new random passphrase, e.g. <c>Amber-Falcon-Quiet-River-Stone</c>.</summary>
    public static string Generate()
    {
        var words = LazyWords.Value;
        var parts = new string[WordCount];
        for (var i = 0; i < parts.Length; i++)
        {
            var word = words[RandomNumberGenerator.GetInt32(words.Length)];
            parts[i] = string.Concat(char.ToUpperInvariant(word[0]).ToString(), word.AsSpan(1));
        }

        return string.Join(Separator, parts);
    }

    private static string[] LoadWords()
    {
        using var stream = typeof(PassphraseGenerator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The word list resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        var words = new SortedSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        if (words.Count < MinimumWordCount)
        {
            throw new InvalidOperationException($"The word list has {words.Count} words; at least {MinimumWordCount:N0} are required.");
        }

        return [.. words];
    }
}
