namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// What one write transaction of this process does to the search index, for <see cref="SearchStatistics.Follow"/>:
/// the rows it re-indexes and, for the terms whose note counts are cached, how many of those rows matched each
/// term before. Made only while statistics are cached; used on the writer's thread.
/// </summary>
internal sealed class IndexChanges(byte[] stateBefore, IReadOnlyCollection<string> terms)
{
    /// <summary>Rows probed for the cached terms before they change; a transaction re-indexing more has its counts counted again.</summary>
    private const int MaxProbedRows = 8;

    /// <summary>The index's state when the transaction began.</summary>
    public byte[] StateBefore => stateBefore;

    /// <summary>The terms whose note counts were cached when the transaction began.</summary>
    public IReadOnlyCollection<string> Terms => terms;

    /// <summary>The note rowids re-indexed.</summary>
    public HashSet<long> Rows { get; } = [];

    /// <summary>Of <see cref="Rows"/>, how many matched each term before the transaction changed them.</summary>
    public Dictionary<string, long> MatchedBefore { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether every re-indexed row was probed, so the terms' counts can follow.</summary>
    public bool TermsFollowed => Rows.Count <= MaxProbedRows;

    /// <summary>Called before a row's old text leaves the index (<paramref name="indexed"/>: it had an entry).</summary>
    public void Reindexing(SqlBatch batch, long rowId, bool indexed)
    {
        // A row re-indexed twice in one transaction was probed the first time, in the state before the transaction.
        if (!Rows.Add(rowId) || !indexed || !TermsFollowed)
        {
            return;
        }

        foreach (var term in terms)
        {
            MatchedBefore[term] = MatchedBefore.GetValueOrDefault(term) + SearchIndex.CountMatches(batch, SearchIndex.Phrase(term), [rowId]);
        }
    }
}
