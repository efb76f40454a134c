using System.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// Generates passphrases like the original: five Title-Case words joined by <c>-</c>, each drawn
/// uniformly with a CSPRNG from the bundled word list (<c>Crypto/wordlist.txt</c>, at least 7,776
/// distinct words, so at least 64.6 bits of entropy). Thread-safe.
/// </summary>
internal static class PassphraseGenerator
{
    /// <summary>Words in a generated passphrase.</summary>
    public const int WordCount = 5;

    /// <summary>The separator between words.</summary>
    public const char Separator = '-';

    private const string ResourceName = "Dataans.Core.Crypto.wordlist.txt";

    private static readonly Lazy<string[]> LazyWords = new(LoadWords);

    /// <summary>The bundled word list: distinct, lowercase ASCII words, sorted.</summary>
    /// <exception cref="InvalidOperationException">The embedded resource is missing or too small (a build error).</exception>
    public static IReadOnlyList<string> Words => LazyWords.Value;

    /// <summary>The entropy of one generated passphrase in bits.</summary>
    public static double EntropyBits => WordCount * Math.Log2(Words.Count);

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

        if (words.Count < 7_776)
        {
            throw new InvalidOperationException($"The word list has {words.Count} words; at least 7,776 are required.");
        }

        return [.. words];
    }
}
