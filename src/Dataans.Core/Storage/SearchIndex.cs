using System.Globalization;
using System.Text;

namespace Dataans.Core.Storage;

/// <summary>
/// The full-text query over visible notes, inside the caller's transaction: terms of three or more
/// characters go to the FTS5 trigram index (ranked by BM25, with a snippet), shorter ones are matched
/// as substrings of the candidates. Thread-safe (stateless).
/// </summary>
internal static class SearchIndex
{
    /// <param name="indexed">Terms of three or more characters (text elements).</param>
    /// <param name="shortTerms">Shorter terms, matched case-insensitively as substrings.</param>
    /// <returns>
    /// Matching notes, best first: the note id, its space's name, the index's snippet (or the whole text
    /// when no term is indexed, for the caller to cut), and the rank (lower is better).
    /// </returns>
    public static List<(Guid NoteId, string SpaceName, string Text, double Rank)> Find(
        SqlBatch batch, IReadOnlyList<string> indexed, IReadOnlyList<string> shortTerms, Guid? spaceId, int limit)
    {
        var parameters = new List<(string Name, object? Value)> { ("@limit", limit) };
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

        string sql;
        if (indexed.Count > 0)
        {
            parameters.Add(("@match", string.Join(" AND ", indexed.Select(term => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))));
            // Rank first, then make snippets for the page only: snippet() is costly and SQLite would
            // otherwise compute it for every match before sorting.
            sql = $"""
                SELECT n.id, s.name, snippet(notes_fts, 0, char(2), char(3), '…', 64), bm25(notes_fts) AS rank
                FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                WHERE notes_fts MATCH @match AND notes_fts.rowid IN (
                    SELECT notes_fts.rowid FROM notes_fts JOIN notes n ON n.nid = notes_fts.rowid JOIN spaces s ON s.id = n.space_id
                    WHERE notes_fts MATCH @match AND {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
                    ORDER BY bm25(notes_fts) LIMIT @limit)
                ORDER BY rank
                """;
        }
        else
        {
            sql = $"""
                SELECT n.id, s.name, n.text, 0.0 AS rank
                FROM notes n JOIN spaces s ON s.id = n.space_id
                WHERE {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace}{filters}
                ORDER BY n.created_at DESC LIMIT @limit
                """;
        }

        var rows = new List<(Guid, string, string, double)>();
        using var reader = batch.Reader(sql, parameters.ToArray());
        while (reader.Read())
        {
            rows.Add((reader.GetId(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        }

        return rows;
    }
}
