namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>Segments the search index may have before <see cref="TidySearchIndexAsync"/> merges them.</summary>
    public const int TidySearchIndexAbove = 4;

    /// <summary>
    /// Merges the search index into one segment when it has more than <paramref name="maxSegments"/>: a store written
    /// note by note gathers segments, and every search pays for each (27 segments made searches 2–5× slower at 100,000
    /// notes). The work is done in short write transactions, so writes made meanwhile wait at most one step, and it is
    /// meant for when the app is idle: merging an index of 100,000 notes takes about 1.5 s of one core in all. Search
    /// results are the same before, during and after. Returns how many steps merged something (0: nothing to do).
    /// </summary>
    public async Task<int> TidySearchIndexAsync(int maxSegments = TidySearchIndexAbove, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSegments);
        if (await Transactions.ReadAsync(SearchIndexTidying.Segments, cancellationToken) <= maxSegments)
        {
            return 0;
        }

        var steps = 0;
        while (await Transactions.WriteAsync((writer, _) => SearchIndexTidying.MergeStep(writer.Batch, start: steps == 0), cancellationToken))
        {
            steps++;
        }

        return steps;
    }

    /// <summary>How many segments the search index has now (see <see cref="TidySearchIndexAsync"/>).</summary>
    public Task<int> CountSearchIndexSegmentsAsync(CancellationToken cancellationToken = default) =>
        Transactions.ReadAsync(SearchIndexTidying.Segments, cancellationToken);
}
