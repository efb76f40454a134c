using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// What BM25 needs besides the current match, kept in memory for one state of the search index: each note's
/// length in tokens (FTS5 reads it from <c>notes_fts_docsize</c> one row at a time, which was half of a
/// common word's ranking) and the number of notes each term matches (FTS5 counts them with a second pass over
/// the term). A state is named by the index's averages and structure records, which FTS5 rewrites in every
/// transaction that changes the index, so any write (by this process or another) starts a new state; after a
/// write of this process that nobody else's came between, the new state's statistics are the old ones with the
/// written notes' lengths read again and the counts moved by them (<see cref="Follow"/>). Thread-safe.
/// </summary>
internal sealed class SearchStatistics
{
    /// <summary>Note ids beyond this many times the row count (plus slack) are not cached: the array would be mostly empty.</summary>
    private const int SparseFactor = 4;

    /// <summary>Changed rows beyond this many in one transaction are not followed: the next search loads every length again.</summary>
    private const int MaxFollowedRows = 1_000;

    private Snapshot? _current;
    private int _loads;

    /// <summary>How many times every note's length was loaded, since this instance was made.</summary>
    internal int Loads => Volatile.Read(ref _loads);

    /// <summary>The statistics cached now, if any (whatever state of the index they are of).</summary>
    internal Snapshot? Cached => Volatile.Read(ref _current);

    /// <summary>The statistics of the index as <paramref name="batch"/>'s transaction sees it, loading them when the index changed.</summary>
    public Snapshot Current(SqlBatch batch)
    {
        var state = ReadState(batch);
        var current = Volatile.Read(ref _current);
        if (current is not null && current.State.AsSpan().SequenceEqual(state))
        {
            return current;
        }

        Interlocked.Increment(ref _loads);
        var fresh = new Snapshot(state, LoadLengths(batch));
        Volatile.Write(ref _current, fresh);
        return fresh;
    }

    /// <summary>
    /// Called at the start of a write transaction of this process: what to record of its changes to the index so that
    /// the cached statistics can follow them (<see cref="Follow"/>), or null when none are cached or they are of another state.
    /// </summary>
    public IndexChanges? BeginFollowing(SqlBatch batch)
    {
        var current = Volatile.Read(ref _current);
        if (current?.Lengths is null)
        {
            return null;
        }

        var state = ReadState(batch);
        return current.State.AsSpan().SequenceEqual(state) ? new IndexChanges(state, [.. current.DocumentCounts.Keys]) : null;
    }

    /// <summary>
    /// Follows a committed transaction of this process that changed the index only by re-indexing
    /// <see cref="IndexChanges.Rows"/>, so that the next search need not load every note's length again nor count
    /// its terms again (a whole pass each: the first search after every note written paid for them). Only when the
    /// cached statistics are still of the state the transaction began in, and <paramref name="nobodyElseCommitted"/>
    /// (asked inside <paramref name="batch"/>'s read, after the commit) says no other connection wrote since, do the
    /// new statistics take them over: those rows' lengths read again, and each probed term's count moved by the rows
    /// that stopped or started matching it.
    /// </summary>
    public void Follow(IndexChanges changes, SqlBatch batch, Func<bool> nobodyElseCommitted)
    {
        var rows = changes.Rows;
        var current = Volatile.Read(ref _current);
        if (current?.Lengths is not { } lengths || rows.Count == 0 || rows.Count > MaxFollowedRows || !current.State.AsSpan().SequenceEqual(changes.StateBefore))
        {
            return;
        }

        var size = Math.Max(lengths.Length, rows.Max() + 1); // new notes take the next rowids
        var state = ReadState(batch); // starts the read: what follows sees the same snapshot
        if (!nobodyElseCommitted() || size - lengths.Length > MaxFollowedRows)
        {
            return; // another writer's changes are not known here
        }

        var followed = new int[size];
        lengths.CopyTo(followed, 0);
        followed.AsSpan(lengths.Length).Fill(-1);
        using (var reader = batch.Reader($"SELECT id, sz FROM notes_fts_docsize WHERE id IN ({string.Join(',', rows)})"))
        {
            foreach (var row in rows)
            {
                followed[row] = -1;
            }

            while (reader.Read())
            {
                followed[reader.GetInt64(0)] = SumOfVarints((byte[])reader.GetValue(1));
            }
        }

        var fresh = new Snapshot(state, followed);
        foreach (var term in changes.TermsFollowed ? changes.Terms : [])
        {
            if (current.DocumentCounts.TryGetValue(term, out var count))
            {
                fresh.DocumentCounts[term] = count - changes.MatchedBefore.GetValueOrDefault(term) + SearchIndex.CountMatches(batch, SearchIndex.Phrase(term), rows);
            }
        }

        Interlocked.CompareExchange(ref _current, fresh, current);
    }

    /// <summary>The index's state: FTS5's averages and structure records, which it rewrites in every transaction that changes the index.</summary>
    public static byte[] ReadState(SqlBatch batch)
    {
        using var stream = new MemoryStream();
        using var reader = batch.Reader("SELECT block FROM notes_fts_data WHERE id IN (1, 10) ORDER BY id");
        while (reader.Read())
        {
            var block = (byte[])reader.GetValue(0);
            stream.Write(BitConverter.GetBytes(block.Length));
            stream.Write(block);
        }

        return stream.ToArray();
    }

    /// <summary>Every note's length in tokens by rowid (-1 where there is no row), or null when the ids are too sparse to keep in an array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per state of the index, over every note: optimized from a process's first search
    private static unsafe int[]? LoadLengths(SqlBatch batch)
    {
        using (var reader = batch.Reader("SELECT coalesce(max(id), 0), count(*) FROM notes_fts_docsize"))
        {
            reader.Read();
            var (maxId, rows) = (reader.GetInt64(0), reader.GetInt64(1));
            if (maxId < 0 || maxId > (rows * SparseFactor) + 65_536)
            {
                return null;
            }

            var lengths = new int[maxId + 1];
            Array.Fill(lengths, -1);
            var database = batch.Connection.Handle!.DangerousGetHandle();
            var sql = "SELECT id, sz FROM notes_fts_docsize"u8;
            nint statement;
            fixed (byte* text = sql)
            {
                if (Fts5Native.Prepare(database, text, sql.Length, &statement, null) != Fts5Native.Ok)
                {
                    return null;
                }
            }

            try
            {
                int step;
                while ((step = Fts5Native.Step(statement)) == Fts5Native.Row)
                {
                    var id = Fts5Native.ColumnInt64(statement, 0);
                    if (id >= 0 && id < lengths.Length)
                    {
                        lengths[id] = SumOfVarints(Fts5Native.ColumnBlob(statement, 1), Fts5Native.ColumnBytes(statement, 1));
                    }
                }

                // A read cancelled while loading stops here, and no snapshot is kept for the state: one without
                // lengths would slow every search until the next write.
                return step switch
                {
                    Fts5Native.Done => lengths,
                    Fts5Native.Interrupt => throw new OperationCanceledException("The search was cancelled while the index's statistics loaded."),
                    _ => null,
                };
            }
            finally
            {
                Fts5Native.Finalize(statement);
            }
        }
    }

    private static unsafe int SumOfVarints(byte[] blob)
    {
        fixed (byte* bytes = blob)
        {
            return SumOfVarints(bytes, blob.Length);
        }
    }

    /// <summary>The sum of a docsize record's per-column token counts (SQLite varints: big-endian groups of seven bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int SumOfVarints(byte* blob, int length)
    {
        var total = 0;
        var at = 0;
        while (at < length)
        {
            var value = 0;
            byte next;
            do
            {
                next = blob[at++];
                value = (value << 7) | (next & 0x7F);
            }
            while ((next & 0x80) != 0 && at < length);
            total += value;
        }

        return total;
    }

    /// <summary>The statistics of one state of the index. Lengths never change; term counts are added as terms are first ranked.</summary>
    internal sealed class Snapshot(byte[] state, int[]? lengths)
    {
        public byte[] State { get; } = state;

        /// <summary>Every note's length by rowid (-1 where unknown), or null when they are not kept.</summary>
        public int[]? Lengths => lengths;

        /// <summary>Notes matching each term (as written in the query), filled as terms are counted.</summary>
        public ConcurrentDictionary<string, long> DocumentCounts { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Notes matching all of several terms, by the query's exact <c>MATCH</c> expression, filled as rankings and
        /// totals count them. Unlike <see cref="DocumentCounts"/>, they do not follow writes: the next state starts empty.
        /// </summary>
        public ConcurrentDictionary<string, long> MatchCounts { get; } = new(StringComparer.Ordinal);

        /// <summary>The note's length in tokens, or -1 when it is not known here (the caller asks FTS5).</summary>
        public int Length(long rowId) => lengths is not null && rowId >= 0 && rowId < lengths.Length ? lengths[rowId] : -1;
    }
}
