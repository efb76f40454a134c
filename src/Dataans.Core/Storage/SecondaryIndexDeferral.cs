using System.Text.Json;

namespace Dataans.Core.Storage;

/// <summary>
/// The bulk path of the notes' and the log's secondary indexes, beside <see cref="SearchIndexDeferral"/>:
/// while a large pull is applied, the indexes that no statement of the apply path reads are dropped (in
/// the same transaction as the first deferred page) and created again once at the end, which is cheaper
/// than keeping them in step row by row (the bulk path's CPU 0.87×, docs/benchmarks.md). A flag
/// in <c>meta</c> holds the exact <c>CREATE INDEX</c> statements taken from <c>sqlite_schema</c>, so the
/// rebuild (one transaction with clearing the flag) restores exactly what was dropped. The sync engine
/// rebuilds before a run returns, also when it fails; opening a store whose flag is still set (a crash
/// mid-pull) rebuilds too. Migrations run before that rebuild: one that touches these indexes must use
/// <c>IF EXISTS</c>. Thread-safe (stateless).
/// </summary>
internal static class SecondaryIndexDeferral
{
    internal const string Key = "indexes.deferred";

    /// <summary>
    /// The indexes that no statement of the apply path reads (checked with <c>EXPLAIN QUERY PLAN</c>: the
    /// applier finds rows by their unique ids, a note's versions through <c>ix_operations_object</c>, and the
    /// ledger's outbox queries through <c>ix_operations_outbox</c>, which pulled rows never enter; those and
    /// every UNIQUE or PRIMARY KEY index stay). They serve the timeline, newest-first scans, the log in the
    /// seed's order (block hashes, read after the pull) and a file's notes.
    /// </summary>
    internal static readonly IReadOnlyList<string> Deferrable = ["ix_operations_order", "ix_notes_timeline", "ix_notes_created", "ix_note_files_file"];

    public static bool IsDeferred(SqlBatch batch) => MetaTable.Get(batch, Key) is not null;

    /// <summary>Drops the deferrable indexes and records their definitions, unless a pull already did.</summary>
    public static void Defer(SqlBatch batch)
    {
        if (IsDeferred(batch))
        {
            return;
        }

        var dropped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Deferrable)
        {
            if (Definition(batch, name) is { } sql)
            {
                dropped[name] = sql;
                batch.Execute($"DROP INDEX \"{name}\"");
            }
        }

        MetaTable.Set(batch, Key, JsonSerializer.Serialize(dropped));
    }

    /// <summary>Creates the dropped indexes again from their recorded definitions when they were deferred; returns whether it did.</summary>
    public static bool RebuildIfDeferred(SqlBatch batch)
    {
        if (MetaTable.Get(batch, Key) is not { } recorded)
        {
            return false;
        }

        var dropped = JsonSerializer.Deserialize<Dictionary<string, string>>(recorded)
            ?? throw new StoreException("The record of the deferred indexes is damaged.");
        foreach (var (name, sql) in dropped)
        {
            if (Definition(batch, name) is null)
            {
                batch.Execute(sql);
            }
        }

        MetaTable.Delete(batch, Key);
        return true;
    }

    private static string? Definition(SqlBatch batch, string name) =>
        batch.Scalar("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = @name", ("@name", name)) as string;
}
