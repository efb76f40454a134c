using System.Globalization;
using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.Core.Search;

/// <summary>
/// Full-text search over visible notes. Terms of three or more characters use the FTS5 trigram
/// index (any substring, any script, case-insensitive, ranked by BM25); shorter terms such as the
/// two-character 東京 are matched as substrings of the candidates. Thread-safe.
/// </summary>
public sealed class NoteSearch(DataansStore store)
{
    /// <summary>Marks the start of a highlighted match inside <see cref="SearchHit.Snippet"/>.</summary>
    public const char HighlightStart = '\u0002';

    /// <summary>Marks the end of a highlighted match inside <see cref="SearchHit.Snippet"/>.</summary>
    public const char HighlightEnd = '\u0003';

    /// <summary>Longer queries are cut to this many characters.</summary>
    public const int MaxQueryLength = 500;

    private const int SnippetContext = 40;

    /// <summary>The visible notes matching every term of <paramref name="query"/> (in one space, or all), best first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, Guid? spaceId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Split(query) is not ({ } indexed, { } shortTerms))
        {
            return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        }

        return store.Transactions.ReadInterruptiblyAsync<IReadOnlyList<SearchHit>>(
            batch =>
            {
                var rows = SearchIndex.Find(batch, store.Database.SearchStatistics, indexed, shortTerms, spaceId, limit);
                var hits = new List<SearchHit>(rows.Count);
                foreach (var row in rows)
                {
                    var snippet = ShortTermHighlights.Add(indexed.Count == 0 ? MakeSnippet(row.Text, shortTerms[0]) : row.Text, shortTerms);
                    if (store.Reader.FindNote(batch, row.NoteId) is { } note)
                    {
                        hits.Add(new SearchHit(note, row.SpaceName, snippet, row.Rank));
                    }
                }

                return hits;
            },
            cancellationToken);
    }

    /// <summary>How many visible notes match (the true total, however many <see cref="SearchAsync"/> returns).</summary>
    public Task<int> CountAsync(string query, Guid? spaceId = null, CancellationToken cancellationToken = default) =>
        Split(query) is ({ } indexed, { } shortTerms)
            ? store.Transactions.ReadInterruptiblyAsync(batch => SearchIndex.Count(batch, store.Database.SearchStatistics, indexed, shortTerms, spaceId), cancellationToken)
            : Task.FromResult(0);

    /// <summary>A query's terms, split into indexed (three or more text elements) and short ones; null when there are none.</summary>
    private static (List<string> Indexed, List<string> ShortTerms)? Split(string query)
    {
        var terms = SplitTerms(query);
        if (terms.Count == 0)
        {
            return null;
        }

        var indexed = terms.Where(term => new StringInfo(term).LengthInTextElements >= 3).ToList();
        return (indexed, terms.Except(indexed).ToList());
    }

    /// <summary>
    /// Splits a query into terms at white space; a quoted part stays one term, as typed. Outside quotes, a term's
    /// leading and trailing <c>*</c> are dropped: every term already matches as a substring, so <c>wor*</c> finds
    /// what <c>wor</c> finds (a user used to prefix search gets it), while <c>5*3</c> or a lone <c>*</c> stay literal.
    /// </summary>
    internal static List<string> SplitTerms(string query)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(query))
        {
            return terms;
        }

        query = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        var parts = query.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                if (parts[i].Trim().Length > 0)
                {
                    terms.Add(parts[i].Trim());
                }
            }
            else
            {
                terms.AddRange(parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(WithoutWildcards));
            }
        }

        return terms.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string WithoutWildcards(string term) => term.Trim('*') is { Length: > 0 } trimmed ? trimmed : term;

    /// <summary>The text around the first place of <paramref name="term"/> (which <see cref="ShortTermHighlights"/> marks).</summary>
    private static string MakeSnippet(string text, string term)
    {
        var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return text.Length <= SnippetContext * 2 ? text : text[..(SnippetContext * 2)] + "…";
        }

        var start = Math.Max(0, at - SnippetContext);
        var end = Math.Min(text.Length, at + term.Length + SnippetContext);
        return (start > 0 ? "…" : string.Empty) + text[start..end] + (end < text.Length ? "…" : string.Empty);
    }
}

/// <summary>A found note, its space's name, a snippet with highlight markers, and its rank (lower is better).</summary>
public sealed record SearchHit(Note Note, string SpaceName, string Snippet, double Rank);
