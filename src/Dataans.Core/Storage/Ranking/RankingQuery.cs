namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// One ranking statement's inputs and findings for <see cref="Bm25Ranking"/>: the index statistics, the query's
/// terms and the cover the statement matches them with (<see cref="TrigramCover"/>), and whether the statement
/// scores every note that matches all the terms (nothing else filters it), so that counting the scored rows counts
/// those notes: a single term's count is then left for afterwards, without FTS5's second pass, and several terms'
/// count is kept for the search's total. Used on one thread.
/// </summary>
internal sealed class RankingQuery(SearchStatistics.Snapshot statistics, IReadOnlyList<string> terms, bool scoresEveryMatch)
{
    public SearchStatistics.Snapshot Statistics { get; } = statistics;

    /// <summary>The statement's <c>MATCH</c> expression and how its phrases make up the terms.</summary>
    public TrigramCover Cover { get; } = TrigramCover.Of(terms);

    /// <summary>True when every match of the statement is scored and the IDF is applied afterwards (<see cref="Finish"/>).</summary>
    public bool DeferDocumentCounts { get; } = scoresEveryMatch && terms.Count == 1;

    /// <summary>The index's row count, as the function saw it.</summary>
    public long RowCount { get; set; }

    /// <summary>How many rows the function scored as matches (all the notes matching every term, when it scores every match).</summary>
    public long Scored { get; set; }

    /// <summary>The term's note count if already known in this state of the index, else -1.</summary>
    public long DocumentCount(int term) =>
        term < terms.Count && Statistics.DocumentCounts.TryGetValue(terms[term], out var count) ? count : -1;

    /// <summary>Remembers a term's note count counted by FTS5, for the next search in this state of the index.</summary>
    public void CountedDocuments(int term, long count)
    {
        if (term < terms.Count)
        {
            Statistics.DocumentCounts[terms[term]] = count;
        }
    }

    /// <summary>
    /// Before a statement that is not deferred: counts the notes of each covered term whose count is not known yet (the
    /// function cannot: FTS5 counts one phrase's notes for it, and a cover's phrases match more notes than the term).
    /// </summary>
    public void CountCoveredTerms(SqlBatch batch)
    {
        for (var term = 0; term < terms.Count && !DeferDocumentCounts; term++)
        {
            if (Cover.FirstPhrase(term + 1) - Cover.FirstPhrase(term) > 1 && DocumentCount(term) < 0)
            {
                CountedDocuments(term, SearchIndex.CountMatches(batch, SearchIndex.Phrase(terms[term])));
            }
        }
    }

    /// <summary>A buffer for the current row's positions of one phrase; <see cref="GrowPositions"/> when full.</summary>
    public long[] Positions { get; private set; } = new long[256];

    /// <summary>Makes <see cref="Positions"/> twice as large, keeping what it held.</summary>
    public long[] GrowPositions()
    {
        var grown = Positions;
        Array.Resize(ref grown, grown.Length * 2);
        return Positions = grown;
    }

    /// <summary>
    /// The final rank of a value the function returned: unchanged unless deferred, when it is the term-frequency
    /// part and the IDF from the counted matches is applied here, by the same operations as FTS5's bm25().
    /// </summary>
    public double Finish(double value)
    {
        if (!DeferDocumentCounts || Scored == 0 || value == Bm25Ranking.NotAMatch)
        {
            return value;
        }

        var idf = Bm25Ranking.InverseDocumentFrequency(RowCount, Scored);
        return -1.0 * (0.0 + (idf * -value));
    }

    /// <summary>
    /// After a statement that scores every match has read every row: remembers the term's note count, or the notes
    /// matching all the terms (<see cref="SearchStatistics.Snapshot.MatchCounts"/>).
    /// </summary>
    public void Complete()
    {
        if (DeferDocumentCounts && Scored > 0)
        {
            CountedDocuments(0, Scored);
        }
        else if (scoresEveryMatch && terms.Count > 1)
        {
            Statistics.MatchCounts[SearchIndex.ExactMatch(terms)] = Scored;
        }
    }
}
