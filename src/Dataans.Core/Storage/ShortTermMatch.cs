using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// How a search term shorter than three characters (not in the trigram index) is matched: as a substring of the
/// note's text in any case, letters of every script folded as the trigram index folds them for longer terms, so
/// that "як" finds "Як" as "якщо" finds "ЯКЩО". Without lowering every note's text first: a term whose letters are
/// all ASCII is a <c>LIKE</c> pattern (which folds ASCII itself), a term without letters that have a case is found
/// as it is, and only a term with other cased letters (é, я, ω…) goes through <see cref="FunctionName"/>.
/// 'ab' over 100,000 notes: 103 ms with <c>instr(lower(text), …)</c>, 44 ms with <c>LIKE</c>; '東京': 58 ms against 107.
/// One difference: <c>LIKE</c> stops at a NUL character, so a term of ASCII letters is not found after a U+0000
/// inside a note (guarding for it cost more than the <c>lower()</c> it replaced).
/// </summary>
internal static class ShortTermMatch
{
    /// <summary><c>dataans_contains_folded(text, term)</c>: whether the text contains the term, ignoring case (ordinal, every script).</summary>
    public const string FunctionName = "dataans_contains_folded";

    private const char LikeEscape = '\\';

    private static readonly ConditionalWeakTable<object, object> Registered = [];

    /// <summary>The characters a term's first character matches, by that character (few distinct ones are ever searched for).</summary>
    private static readonly ConcurrentDictionary<char, SearchValues<char>> FirstCharacters = new();

    /// <summary>
    /// Registers <see cref="FunctionName"/> on the connection once. (Keyed by the connection object, not its pooled
    /// database handle: a connection removes the functions it registered when it closes, and adds them again when it opens.)
    /// </summary>
    public static void EnsureRegistered(SqliteConnection connection)
    {
        lock (Registered)
        {
            if (Registered.TryGetValue(connection, out _))
            {
                return;
            }

            connection.CreateFunction<string?, string, bool>(FunctionName, ContainsFolded, isDeterministic: true);
            Registered.Add(connection, connection);
        }
    }

    /// <summary>The SQL condition on <c>n.text</c> for <paramref name="term"/>, and the value bound to <paramref name="parameter"/>.</summary>
    public static (string Filter, string Value) Filter(string term, string parameter)
    {
        var lowered = term.ToLowerInvariant();
        if (lowered.Any(character => !char.IsAscii(character) && HasCase(character)))
        {
            return ($"{FunctionName}(n.text, {parameter})", lowered);
        }

        if (!lowered.Any(char.IsAsciiLetter))
        {
            return ($"instr(n.text, {parameter}) > 0", lowered);
        }

        var pattern = new StringBuilder("%");
        foreach (var character in lowered)
        {
            if (character is '%' or '_' or LikeEscape)
            {
                pattern.Append(LikeEscape);
            }

            pattern.Append(character);
        }

        return ($"n.text LIKE {parameter} ESCAPE '{LikeEscape}'", pattern.Append('%').ToString());
    }

    /// <summary>
    /// Whether <paramref name="text"/> contains <paramref name="term"/> as <see cref="StringComparison.OrdinalIgnoreCase"/>
    /// compares, found faster than its general search for non-ASCII terms: a vectorized scan for the characters the term's
    /// first one matches, then a comparison at each. (A note's text comes as a new string per row either way; that, not
    /// the scan, is most of the cost: 'é' over 100,000 notes 87 ms, against 171 ms with <see cref="string.Contains(string, StringComparison)"/>
    /// and 44 ms for <c>LIKE '%ab%'</c>.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every candidate row: optimized from the first search of a process
    internal static bool ContainsFolded(string? text, string term)
    {
        if (text is null || term.Length == 0)
        {
            return text is not null;
        }

        var firsts = FirstCharacters.GetOrAdd(term[0], CaseVariants);
        var rest = text.AsSpan();
        while (rest.Length >= term.Length)
        {
            var at = rest.IndexOfAny(firsts);
            if (at < 0 || rest.Length - at < term.Length)
            {
                return false;
            }

            if (rest.Slice(at, term.Length).Equals(term, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            rest = rest[(at + 1)..];
        }

        return false;
    }

    /// <summary>Every UTF-16 unit that <see cref="StringComparison.OrdinalIgnoreCase"/> takes as <paramref name="character"/>.</summary>
    private static SearchValues<char> CaseVariants(char character)
    {
        var upper = char.ToUpperInvariant(character);
        var variants = new List<char>();
        for (var candidate = char.MinValue; ; candidate++)
        {
            if (char.ToUpperInvariant(candidate) == upper)
            {
                variants.Add(candidate);
            }

            if (candidate == char.MaxValue)
            {
                return SearchValues.Create([.. variants]);
            }
        }
    }

    private static bool HasCase(char character) =>
        char.ToUpperInvariant(character) != character || char.ToLowerInvariant(character) != character;
}
