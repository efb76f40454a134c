namespace Dataans.Core.Storage;

/// <summary>
/// The bulk path of the search index: while a large pull is applied (a new device catching up), the
/// trigram index is not kept in step row by row; a flag in <c>meta</c>, written in the same
/// transaction as the first unindexed page, says so, and one rebuild at the end (in one transaction
/// with clearing the flag) indexes every note at once — cheaper than indexing them one at a time.
/// The sync engine rebuilds before a run returns; opening a store whose flag is still set (a crash
/// mid-pull, or migration 0007) rebuilds too, so search is complete whenever no pull is running.
/// Thread-safe (stateless).
/// </summary>
internal static class SearchIndexDeferral
{
    internal const string Key = "search.deferred";

    /// <summary>FTS5's defaults, restored after the build for the note-by-note upkeep: merge 4 segments of a level, flush pending terms at 1 MiB.</summary>
    private const int DefaultAutomerge = 4;
    private const int DefaultHashSize = 1024 * 1024;

    /// <summary>Pending terms the build keeps in memory before it writes a segment (8 MiB; the build's peak memory grows by about that).</summary>
    private const int BuildHashSize = 8 * 1024 * 1024;

    public static bool IsDeferred(SqlBatch batch) => MetaTable.Get(batch, Key) is not null;

    public static void Defer(SqlBatch batch) => MetaTable.Set(batch, Key, "1");

    /// <summary>
    /// Rebuilds the index from the notes when it was deferred; returns whether it did. The build writes
    /// larger segments and does not merge them as it goes (FTS5's <c>hashsize</c> and <c>automerge</c>),
    /// then merges them into one (<c>'optimize'</c>): a quarter less CPU than a plain <c>'rebuild'</c>, and
    /// one segment per term to read when searching. The index's contents, so ranking and snippets, are
    /// the same either way.
    /// </summary>
    public static bool RebuildIfDeferred(SqlBatch batch)
    {
        if (!IsDeferred(batch))
        {
            return false;
        }

        SetOption(batch, "hashsize", BuildHashSize);
        SetOption(batch, "automerge", 0);
        batch.Execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')");
        batch.Execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')");
        SetOption(batch, "automerge", DefaultAutomerge);
        SetOption(batch, "hashsize", DefaultHashSize);
        MetaTable.Delete(batch, Key);
        return true;
    }

    /// <summary>Sets one of the index's persistent FTS5 options (kept in <c>notes_fts_config</c>).</summary>
    private static void SetOption(SqlBatch batch, string option, int value) =>
        batch.Execute("INSERT INTO notes_fts (notes_fts, rank) VALUES (@option, @value)", ("@option", option), ("@value", value));
}
