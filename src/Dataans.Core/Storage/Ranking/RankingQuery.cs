namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// One ranking statement's inputs and findings for <see cref="Bm25Ranking"/>: the index statistics, the query's
/// phrases in <c>MATCH</c> order, and whether the note count of a single phrase is left for afterwards (every
/// match is then scored, so counting the scored rows gives it without FTS5's second pass). Used on one thread.
/// </summary>
internal sealed class RankingQuery(SearchStatistics.Snapshot statistics, IReadOnlyList<string> phrases, bool deferDocumentCounts)
{
    public SearchStatistics.Snapshot Statistics { get; } = statistics;

    /// <summary>True when every match of the statement is scored and the IDF is applied afterwards (<see cref="Finish"/>).</summary>
    public bool DeferDocumentCounts { get; } = deferDocumentCounts && phrases.Count == 1;

    /// <summary>The index's row count, as the function saw it.</summary>
    public long RowCount { get; set; }

    /// <summary>How many rows the function scored (the phrase's note count when deferred).</summary>
    public long Scored { get; set; }

    /// <summary>The phrase's note count if already known in this state of the index, else -1.</summary>
    public long DocumentCount(int phrase) =>
        phrase < phrases.Count && Statistics.DocumentCounts.TryGetValue(phrases[phrase], out var count) ? count : -1;

    /// <summary>Remembers a phrase's note count counted by FTS5, for the next search in this state of the index.</summary>
    public void CountedDocuments(int phrase, long count)
    {
        if (phrase < phrases.Count)
        {
            Statistics.DocumentCounts[phrases[phrase]] = count;
        }
    }

    /// <summary>
    /// The final rank of a value the function returned: unchanged unless deferred, when it is the term-frequency
    /// part and the IDF from the counted matches is applied here, by the same operations as FTS5's bm25().
    /// </summary>
    public double Finish(double value)
    {
        if (!DeferDocumentCounts || Scored == 0)
        {
            return value;
        }

        var idf = Bm25Ranking.InverseDocumentFrequency(RowCount, Scored);
        return -1.0 * (0.0 + (idf * -value));
    }

    /// <summary>After a deferred statement has read every row: remembers the phrase's note count.</summary>
    public void Complete()
    {
        if (DeferDocumentCounts && Scored > 0)
        {
            CountedDocuments(0, Scored);
        }
    }
}
