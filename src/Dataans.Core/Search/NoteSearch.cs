using System.Globalization;
using System.Text;
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

    public const int MaxQueryLength = 500;

    private const int SnippetContext = 40;

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, Guid? spaceId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Plan(query, spaceId) is not { } plan)
        {
            return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        }

        var (indexed, shortTerms, filters, parameters) = plan;
        parameters.Add(("@limit", limit));
        string sql;
        if (indexed.Count > 0)
        {
            // Rank first, then make snippets for the page only: snippet() is costly and SQLite would
            // otherwise compute it for every match before sorting.
            sql = $"""
                SELECT n.id, s.name, snippet(notes_fts, 0, char(2), char(3), '…', 64), bm25(notes_fts) AS rank
                FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                WHERE notes_fts MATCH @match AND notes_fts.rowid IN (
                    SELECT notes_fts.rowid FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                    WHERE notes_fts MATCH @match AND {DataansStore.VisibleNote} AND {DataansStore.VisibleSpace}{filters}
                    ORDER BY bm25(notes_fts) LIMIT @limit)
                ORDER BY rank
                """;
        }
        else
        {
            sql = $"""
                SELECT n.id, s.name, n.text, 0.0 AS rank
                FROM notes n JOIN spaces s ON s.id = n.space_id
                WHERE {DataansStore.VisibleNote} AND {DataansStore.VisibleSpace}{filters}
                ORDER BY n.created_at DESC LIMIT @limit
                """;
        }

        return store.ReadAsync<IReadOnlyList<SearchHit>>(
            batch =>
            {
                var rows = new List<(Guid Id, string Space, string Snippet, double Rank)>();
                using (var reader = batch.Reader(sql, parameters.ToArray()))
                {
                    while (reader.Read())
                    {
                        var snippet = reader.GetString(2);
                        if (shortTerms.Count > 0)
                        {
                            snippet = indexed.Count == 0 ? MakeSnippet(snippet, shortTerms[0]) : snippet;
                        }

                        rows.Add((reader.GetId(0), reader.GetString(1), snippet, reader.GetDouble(3)));
                    }
                }

                var hits = new List<SearchHit>(rows.Count);
                foreach (var row in rows)
                {
                    if (store.FindNote(batch, row.Id) is { } note)
                    {
                        hits.Add(new SearchHit(note, row.Space, row.Snippet, row.Rank));
                    }
                }

                return hits;
            },
            cancellationToken);
    }

    /// <summary>How many visible notes match (the true total, however many <see cref="SearchAsync"/> returns).</summary>
    public Task<int> CountAsync(string query, Guid? spaceId = null, CancellationToken cancellationToken = default)
    {
        if (Plan(query, spaceId) is not { } plan)
        {
            return Task.FromResult(0);
        }

        var (indexed, _, filters, parameters) = plan;
        var sql = indexed.Count > 0
            ? $"""
                SELECT count(*) FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                WHERE notes_fts MATCH @match AND {DataansStore.VisibleNote} AND {DataansStore.VisibleSpace}{filters}
                """
            : $"""
                SELECT count(*) FROM notes n JOIN spaces s ON s.id = n.space_id
                WHERE {DataansStore.VisibleNote} AND {DataansStore.VisibleSpace}{filters}
                """;
        return store.ReadAsync(batch => (int)(long)batch.Scalar(sql, parameters.ToArray())!, cancellationToken);
    }

    /// <summary>The terms of a query and the SQL filter and parameters they need; null when there is nothing to search.</summary>
    private static (List<string> Indexed, List<string> ShortTerms, string Filters, List<(string Name, object? Value)> Parameters)? Plan(string query, Guid? spaceId)
    {
        var terms = SplitTerms(query);
        if (terms.Count == 0)
        {
            return null;
        }

        var indexed = terms.Where(term => new StringInfo(term).LengthInTextElements >= 3).ToList();
        var shortTerms = terms.Except(indexed).ToList();
        var parameters = new List<(string Name, object? Value)>();
        var filters = new StringBuilder();
        if (spaceId is { } space)
        {
            filters.Append(" AND n.space_id = @space_id");
            parameters.Add(("@space_id", DbValue.Id(space)));
        }

        for (var i = 0; i < shortTerms.Count; i++)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND instr(lower(n.text), @short{i}) > 0");
            parameters.Add(($"@short{i}", shortTerms[i].ToLowerInvariant()));
        }

        if (indexed.Count > 0)
        {
            parameters.Add(("@match", string.Join(" AND ", indexed.Select(term => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))));
        }

        return (indexed, shortTerms, filters.ToString(), parameters);
    }

    /// <summary>Splits a query into terms at white space; a quoted part stays one term.</summary>
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
                terms.AddRange(parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return terms.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string MakeSnippet(string text, string term)
    {
        var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return text.Length <= SnippetContext * 2 ? text : text[..(SnippetContext * 2)] + "…";
        }

        var start = Math.Max(0, at - SnippetContext);
        var end = Math.Min(text.Length, at + term.Length + SnippetContext);
        var builder = new StringBuilder();
        builder.Append(start > 0 ? "…" : string.Empty)
            .Append(text, start, at - start)
            .Append(HighlightStart).Append(text, at, term.Length).Append(HighlightEnd)
            .Append(text, at + term.Length, end - at - term.Length)
            .Append(end < text.Length ? "…" : string.Empty);
        return builder.ToString();
    }
}

/// <summary>A found note, its space's name, a snippet with highlight markers, and its rank (lower is better).</summary>
public sealed record SearchHit(Note Note, string SpaceName, string Snippet, double Rank);
