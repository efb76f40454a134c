namespace Dataans.Core.Storage;

/// <summary>
/// The bulk path of the search index: while a large pull is applied (a new device catching up), the
/// trigram index is not kept in step row by row; a flag in <c>meta</c>, written in the same
/// transaction as the first unindexed page, says so, and one rebuild at the end (in one transaction
/// with clearing the flag) indexes every note at once — cheaper than indexing them one at a time.
/// The sync engine rebuilds before a run returns; opening a store whose flag is still set (a crash
/// mid-pull) rebuilds too, so search is complete whenever no pull is running. Thread-safe (stateless).
/// </summary>
internal static class SearchIndexDeferral
{
    internal const string Key = "search.deferred";

    public static bool IsDeferred(SqlBatch batch) => MetaTable.Get(batch, Key) is not null;

    public static void Defer(SqlBatch batch) => MetaTable.Set(batch, Key, "1");

    /// <summary>Rebuilds the index from the notes when it was deferred; returns whether it did.</summary>
    public static bool RebuildIfDeferred(SqlBatch batch)
    {
        if (!IsDeferred(batch))
        {
            return false;
        }

        batch.Execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')");
        MetaTable.Delete(batch, Key);
        return true;
    }
}
