namespace Dataans.Core.Storage;

/// <summary>
/// Keeps the search index in few segments. FTS5 writes a segment for every transaction that changes the index and
/// merges them only as more arrive, so a store written note by note has many: each search then looks every term up in
/// each segment (27 segments made searches 2–5× slower at 100,000 notes than one). Tidying merges them all into one
/// with FTS5's incremental <c>'merge'</c>, a few pages per write transaction, so a write waits at most one step.
/// Thread-safe (stateless).
/// </summary>
internal static class SearchIndexTidying
{
    /// <summary>Leaf pages merged per step: about 15 ms of work on this project's test machine (an index of 100,000 notes is about 23,000 pages).</summary>
    internal const int PagesPerStep = 256;

    /// <summary>How many segments the index has now.</summary>
    public static int Segments(SqlBatch batch) => (int)(long)batch.Scalar("SELECT count(DISTINCT segid) FROM notes_fts_idx")!;

    /// <summary>
    /// One step of merging every segment into one; <paramref name="start"/> for the first, which puts them all on one level.
    /// Returns whether FTS5 found work to do (it says so through the connection's change count moving by two or more).
    /// </summary>
    public static bool MergeStep(SqlBatch batch, bool start)
    {
        if (SearchIndexDeferral.IsDeferred(batch))
        {
            return false; // a bulk pull is applying without the index: its rebuild leaves one segment
        }

        var before = (long)batch.Scalar("SELECT total_changes()")!;
        batch.Execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('merge', @pages)", ("@pages", start ? -PagesPerStep : PagesPerStep));
        return (long)batch.Scalar("SELECT total_changes()")! - before >= 2;
    }
}
