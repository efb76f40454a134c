using System.Text;

namespace Dataans.Core.Search;

/// <summary>
/// Marks the places a snippet holds a short term (under three characters, found as a substring in any case, outside
/// the trigram index), so that "casa 東京" highlights 東京 as well as the index's own marks on "casa". What is
/// already marked stays as it is; a short term is marked only between marks, at its leftmost places, the longest
/// term first where two start at one place. Thread-safe (stateless).
/// </summary>
internal static class ShortTermHighlights
{
    /// <summary>The snippet with every place of the short terms marked (<see cref="NoteSearch.HighlightStart"/> … <see cref="NoteSearch.HighlightEnd"/>).</summary>
    public static string Add(string snippet, IReadOnlyList<string> shortTerms)
    {
        if (shortTerms.Count == 0)
        {
            return snippet;
        }

        var terms = shortTerms
            .Where(term => term.Length > 0 && term.IndexOfAny([NoteSearch.HighlightStart, NoteSearch.HighlightEnd]) < 0)
            .OrderByDescending(term => term.Length)
            .ToList();
        if (terms.Count == 0)
        {
            return snippet;
        }

        var marked = new StringBuilder(snippet.Length + 8);
        var at = 0;
        while (at < snippet.Length)
        {
            var start = snippet.IndexOf(NoteSearch.HighlightStart, at);
            var plainEnd = start < 0 ? snippet.Length : start;
            MarkPlain(marked, snippet.AsSpan(at, plainEnd - at), terms);
            if (start < 0)
            {
                break;
            }

            var end = snippet.IndexOf(NoteSearch.HighlightEnd, start);
            var markedEnd = end < 0 ? snippet.Length : end + 1;
            marked.Append(snippet, start, markedEnd - start);
            at = markedEnd;
        }

        return marked.ToString();
    }

    /// <summary>Appends <paramref name="plain"/> (text outside any mark) with the terms' places marked.</summary>
    private static void MarkPlain(StringBuilder marked, ReadOnlySpan<char> plain, List<string> terms)
    {
        while (!plain.IsEmpty)
        {
            var (at, length) = (-1, 0);
            foreach (var term in terms)
            {
                var found = plain.IndexOf(term, StringComparison.OrdinalIgnoreCase);
                if (found >= 0 && (at < 0 || found < at))
                {
                    (at, length) = (found, term.Length);
                }
            }

            if (at < 0)
            {
                marked.Append(plain);
                return;
            }

            marked.Append(plain[..at]).Append(NoteSearch.HighlightStart).Append(plain.Slice(at, length)).Append(NoteSearch.HighlightEnd);
            plain = plain[(at + length)..];
        }
    }
}
