using System.Collections.Concurrent;

namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// What BM25 needs besides the current match, kept in memory for one state of the search index: each note's
/// length in tokens (FTS5 reads it from <c>notes_fts_docsize</c> one row at a time, which was half of a
/// common word's ranking) and the number of notes each term matches (FTS5 counts them with a second pass over
/// the term). A state is named by the index's averages and structure records, which FTS5 rewrites in every
/// transaction that changes the index, so any write (by this process or another) starts a new state. Thread-safe.
/// </summary>
internal sealed class SearchStatistics
{
    /// <summary>Note ids beyond this many times the row count (plus slack) are not cached: the array would be mostly empty.</summary>
    private const int SparseFactor = 4;

    private Snapshot? _current;

    /// <summary>The statistics of the index as <paramref name="batch"/>'s transaction sees it, loading them when the index changed.</summary>
    public Snapshot Current(SqlBatch batch)
    {
        var state = ReadState(batch);
        var current = Volatile.Read(ref _current);
        if (current is not null && current.State.AsSpan().SequenceEqual(state))
        {
            return current;
        }

        var fresh = new Snapshot(state, LoadLengths(batch));
        Volatile.Write(ref _current, fresh);
        return fresh;
    }

    private static byte[] ReadState(SqlBatch batch)
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

    /// <summary>The sum of a docsize record's per-column token counts (SQLite varints: big-endian groups of seven bits).</summary>
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

        /// <summary>Notes matching each term (as written in the query), filled as terms are counted.</summary>
        public ConcurrentDictionary<string, long> DocumentCounts { get; } = new(StringComparer.Ordinal);

        /// <summary>The note's length in tokens, or -1 when it is not known here (the caller asks FTS5).</summary>
        public int Length(long rowId) => lengths is not null && rowId >= 0 && rowId < lengths.Length ? lengths[rowId] : -1;
    }
}
