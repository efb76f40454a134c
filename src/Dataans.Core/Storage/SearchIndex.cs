using System.Globalization;
using System.Text;
using Dataans.Core.Storage.Ranking;

namespace Dataans.Core.Storage;

/// <summary>
/// The full-text query over visible notes, inside the caller's transaction: terms of three or more
/// characters go to the FTS5 trigram index (ranked by BM25 through <see cref="Bm25Ranking"/>, with a snippet), shorter ones are matched
/// as substrings of the candidates (<see cref="ShortTermMatch"/>). Thread-safe (stateless).
/// </summary>
internal static class SearchIndex
{
    /// <summary>Hidden notes beyond this many are not subtracted from the index's count: the total joins every match instead.</summary>
    internal const int MaxHiddenSubtracted = 2_000;

    /// <summary>
    /// The rowids of notes search does not show: without content (yet) or deleted (through their partial index, which
    /// the planner does not pick for an OR by itself), or in a space that is hidden or not (yet) known here (the spaces
    /// notes use, found by skipping through the timeline index, are few).
    /// </summary>
    private const string HiddenNotes = $"""
        SELECT nid FROM notes INDEXED BY ix_notes_hidden WHERE content_ts IS NULL OR is_deleted = 1
        UNION
        SELECT nid FROM notes WHERE space_id IN (
            WITH RECURSIVE used(id) AS (
                SELECT min(space_id) FROM notes
                UNION ALL SELECT (SELECT min(space_id) FROM notes WHERE space_id > used.id) FROM used WHERE used.id IS NOT NULL)
            SELECT id FROM used
            WHERE id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spaces s WHERE s.id = used.id AND {NoteReader.VisibleSpace}))
        """;

    /// <param name="indexed">Terms of three or more characters (text elements).</param>
    /// <param name="shortTerms">Shorter terms, matched case-insensitively as substrings.</param>
    /// <returns>
    /// Matching notes, best first: the note id, its space's name, the index's snippet (or the whole text
    /// when no term is indexed, for the caller to cut), and the rank (lower is better).
    /// </returns>
    public static List<(Guid NoteId, string SpaceName, string Text, double Rank)> Find(
        SqlBatch batch, SearchStatistics statistics, IReadOnlyList<string> indexed, IReadOnlyList<string> shortTerms, Guid? spaceId, int limit)
    {
        var (filters, parameters) = Filters(batch, indexed, shortTerms, spaceId);
        parameters.Add(("@limit", limit));
        if (indexed.Count > 0)
        {
            Bm25Ranking.EnsureRegistered(batch.Connection);
            var snapshot = statistics.Current(batch);
            var ranked = filters.Length == 0 ? RankUnfiltered(batch, new RankingQuery(snapshot, indexed, scoresEveryMatch: true), parameters, limit) : null;
            ranked ??= Ranked(batch, new RankingQuery(snapshot, indexed, scoresEveryMatch: false), RankFilteredSql(filters), parameters);
            return WithSnippets(batch, ranked, parameters);
        }

        var sql = $"""
            SELECT n.id, s.name, n.text, 0.0 AS rank
            FROM notes n JOIN spaces s ON s.id = n.space_id
            WHERE {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
            ORDER BY n.created_at DESC LIMIT @limit
            """;
        var rows = new List<(Guid, string, string, double)>();
        using var reader = batch.Reader(sql, parameters.ToArray());
        while (reader.Read())
        {
            rows.Add((reader.GetId(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        }

        return rows;
    }

    /// <summary>
    /// The best <paramref name="limit"/> visible matches when nothing but visibility filters them: the index
    /// alone ranks its matches (a bounded top-k sort; joining every match to its note and space first cost
    /// more than ranking), then only the leaders are looked up. Null when hidden notes (deleted ones stay in
    /// the index) crowd the leaders so that fewer than <paramref name="limit"/> remain; the caller then ranks with the join.
    /// </summary>
    private static List<(long RowId, Guid NoteId, string SpaceName, double Rank)>? RankUnfiltered(
        SqlBatch batch, RankingQuery query, List<(string Name, object? Value)> parameters, int limit)
    {
        var leaders = (int)Math.Min((long)limit + 16, int.MaxValue); // a limit of "everything" must not wrap around
        var ranked = new List<(long RowId, double Rank)>(Math.Min(leaders, 1024));
        query.CountCoveredTerms(batch);
        using (Bm25Ranking.Use(query))
        using (var reader = batch.Reader(
            $"SELECT rowid, {Bm25Ranking.FunctionName}(notes_fts) FROM notes_fts WHERE notes_fts MATCH @cover ORDER BY 2 LIMIT @leaders",
            [.. parameters, ("@cover", query.Cover.Expression), ("@leaders", leaders)]))
        {
            while (reader.Read())
            {
                if (reader.GetDouble(1) is var rank and not Bm25Ranking.NotAMatch)
                {
                    ranked.Add((reader.GetInt64(0), rank));
                }
            }
        }

        query.Complete();
        for (var i = 0; i < ranked.Count; i++)
        {
            ranked[i] = (ranked[i].RowId, query.Finish(ranked[i].Rank));
        }

        if (ranked.Count == 0)
        {
            return [];
        }

        var visible = new Dictionary<long, (Guid NoteId, string SpaceName)>(ranked.Count);
        using (var reader = batch.Reader($"""
            SELECT n.nid, n.id, s.name FROM notes n JOIN spaces s ON s.id = n.space_id
            WHERE n.nid IN ({string.Join(',', ranked.Select(row => row.RowId.ToString(CultureInfo.InvariantCulture)))})
                AND {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}
            """))
        {
            while (reader.Read())
            {
                visible[reader.GetInt64(0)] = (reader.GetId(1), reader.GetString(2));
            }
        }

        if (visible.Count < limit && ranked.Count == leaders) // a row that was not a match sorts last: then every match was read
        {
            return null;
        }

        return ranked.Where(row => visible.ContainsKey(row.RowId))
            .Take(limit)
            .Select(row => (row.RowId, visible[row.RowId].NoteId, visible[row.RowId].SpaceName, row.Rank))
            .ToList();
    }

    private static string RankFilteredSql(string filters) => $"""
        SELECT notes_fts.rowid, n.id, s.name, {Bm25Ranking.FunctionName}(notes_fts) FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
        WHERE notes_fts MATCH @cover AND {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
        ORDER BY 4 LIMIT @limit
        """;

    private static List<(long RowId, Guid NoteId, string SpaceName, double Rank)> Ranked(
        SqlBatch batch, RankingQuery query, string sql, List<(string Name, object? Value)> parameters)
    {
        var ranked = new List<(long, Guid, string, double)>();
        query.CountCoveredTerms(batch);
        using var scope = Bm25Ranking.Use(query);
        using var reader = batch.Reader(sql, [.. parameters, ("@cover", query.Cover.Expression)]);
        while (reader.Read())
        {
            if (reader.GetDouble(3) is var rank and not Bm25Ranking.NotAMatch)
            {
                ranked.Add((reader.GetInt64(0), reader.GetId(1), reader.GetString(2), rank));
            }
        }

        return ranked;
    }

    /// <summary>The index's snippets for the ranked page only (snippet() is costly), in rank order.</summary>
    private static List<(Guid NoteId, string SpaceName, string Text, double Rank)> WithSnippets(
        SqlBatch batch, List<(long RowId, Guid NoteId, string SpaceName, double Rank)> ranked, List<(string Name, object? Value)> parameters)
    {
        if (ranked.Count == 0)
        {
            return [];
        }

        var snippets = new Dictionary<long, string>(ranked.Count);
        using (var reader = batch.Reader(
            $"""
            SELECT rowid, snippet(notes_fts, 0, char(2), char(3), '…', 64) FROM notes_fts
            WHERE notes_fts MATCH @match AND rowid IN ({string.Join(',', ranked.Select(row => row.RowId.ToString(CultureInfo.InvariantCulture)))})
            """,
            parameters.Where(parameter => parameter.Name == "@match").ToArray()))
        {
            while (reader.Read())
            {
                snippets[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return ranked.Where(row => snippets.ContainsKey(row.RowId))
            .Select(row => (row.NoteId, row.SpaceName, snippets[row.RowId], row.Rank))
            .ToList();
    }

    /// <summary>
    /// How many visible notes match the same terms as <see cref="Find"/> (the true total, no limit). Without filters
    /// and with at most <paramref name="maxHiddenSubtracted"/> hidden notes, it is the index's own count less the
    /// hidden notes among the matches (<see cref="CountLessHidden"/>); otherwise every match is joined to its note.
    /// </summary>
    public static int Count(
        SqlBatch batch, SearchStatistics statistics, IReadOnlyList<string> indexed, IReadOnlyList<string> shortTerms, Guid? spaceId, int maxHiddenSubtracted = MaxHiddenSubtracted)
    {
        var (filters, parameters) = Filters(batch, indexed, shortTerms, spaceId);
        if (indexed.Count > 0 && filters.Length == 0 && CountLessHidden(batch, statistics, indexed, parameters.Single(), maxHiddenSubtracted) is { } total)
        {
            return total;
        }

        var sql = indexed.Count > 0
            ? $"""
                SELECT count(*) FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                WHERE notes_fts MATCH @match AND {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
                """
            : $"""
                SELECT count(*) FROM notes n JOIN spaces s ON s.id = n.space_id
                WHERE {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
                """;
        return (int)(long)batch.Scalar(sql, parameters.ToArray())!;
    }

    /// <summary>
    /// The index's count of matches less the hidden ones, or null when more than <paramref name="maxHidden"/> notes
    /// are hidden (each is then a lookup in the index, and joining every match costs less). Joining each match to
    /// its note and space was most of a count: 'babbling', in 58 % of 100,000 notes, 74–111 ms against 27–43 ms for
    /// the index alone, and a search without filters has counted the matches already (<see cref="SearchStatistics"/>).
    /// </summary>
    private static int? CountLessHidden(
        SqlBatch batch, SearchStatistics statistics, IReadOnlyList<string> indexed, (string Name, object? Value) match, int maxHidden)
    {
        var hidden = new List<long>();
        using (var reader = batch.Reader($"{HiddenNotes} LIMIT @limit", ("@limit", maxHidden + 1)))
        {
            while (reader.Read())
            {
                hidden.Add(reader.GetInt64(0));
            }
        }

        if (hidden.Count > maxHidden)
        {
            return null;
        }

        var snapshot = statistics.Current(batch);
        var counts = indexed.Count == 1 ? snapshot.DocumentCounts : snapshot.MatchCounts;
        var key = indexed.Count == 1 ? indexed[0] : (string)match.Value!;
        if (!counts.TryGetValue(key, out var matches))
        {
            matches = CountMatches(batch, (string)match.Value!);
            counts[key] = matches;
        }

        var hiddenMatches = hidden.Count == 0 ? 0 : CountMatches(batch, (string)match.Value!, hidden);
        return (int)(matches - hiddenMatches);
    }

    /// <summary>How many rows of the index match <paramref name="expression"/> (a <c>MATCH</c> expression); of <paramref name="rows"/> only, when given.</summary>
    public static long CountMatches(SqlBatch batch, string expression, IEnumerable<long>? rows = null) =>
        (long)batch.Scalar(
            rows is null
                ? "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH @expression"
                : $"SELECT count(*) FROM notes_fts WHERE notes_fts MATCH @expression AND rowid IN ({string.Join(',', rows.Select(row => row.ToString(CultureInfo.InvariantCulture)))})",
            ("@expression", expression))!;

    /// <summary>The <c>MATCH</c> expression of one indexed term: a phrase, its quotes doubled.</summary>
    public static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The <c>MATCH</c> expression of notes holding every one of <paramref name="terms"/>: their phrases, ANDed.</summary>
    public static string ExactMatch(IReadOnlyList<string> terms) => string.Join(" AND ", terms.Select(Phrase));

    /// <summary>The SQL filter (after the visibility conditions) and the parameters the terms need, @match included.</summary>
    private static (string Filters, List<(string Name, object? Value)> Parameters) Filters(
        SqlBatch batch, IReadOnlyList<string> indexed, IReadOnlyList<string> shortTerms, Guid? spaceId)
    {
        var parameters = new List<(string Name, object? Value)>();
        var filters = new StringBuilder();
        if (spaceId is { } space)
        {
            filters.Append(" AND n.space_id = @space_id");
            parameters.Add(("@space_id", DbValue.Id(space)));
        }

        if (shortTerms.Count > 0)
        {
            ShortTermMatch.EnsureRegistered(batch.Connection);
        }

        for (var i = 0; i < shortTerms.Count; i++)
        {
            var (filter, value) = ShortTermMatch.Filter(shortTerms[i], $"@short{i}");
            filters.Append(" AND ").Append(filter);
            parameters.Add(($"@short{i}", value));
        }

        if (indexed.Count > 0)
        {
            parameters.Add(("@match", ExactMatch(indexed)));
        }

        return (filters.ToString(), parameters);
    }
}
