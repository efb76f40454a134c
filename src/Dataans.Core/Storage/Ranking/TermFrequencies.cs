using System.Runtime.CompilerServices;

namespace Dataans.Core.Storage.Ranking;

/// <summary>How often each term occurs in the row <see cref="Bm25Ranking"/> scores, from FTS5's positions of the statement's phrases.</summary>
internal static unsafe class TermFrequencies
{
    /// <summary>Each phrase's instances in the row, as FTS5's bm25() counts them (every phrase is a term).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every matching row: optimized from the first search of a process
    public static int CountInstances(Fts5ExtensionApi* api, void* fts, Span<double> frequencies)
    {
        frequencies.Clear();
        int instances;
        var code = api->InstCount(fts, &instances);
        for (var i = 0; code == Fts5Native.Ok && i < instances; i++)
        {
            int phrase, column, offset;
            code = api->Inst(fts, i, &phrase, &column, &offset);
            if (code == Fts5Native.Ok)
            {
                frequencies[phrase] += 1.0;
            }
        }

        return code;
    }

    /// <summary>
    /// Each term's exact runs in the row: places where every phrase of its cover stands at its offset from the first
    /// (in the same column), which are the places where the term's own phrase would match. The first phrase's positions
    /// are the candidates; each further phrase's positions, which come in order (column, then offset), keep the
    /// candidates it stands beside, read only as far as the last candidate still needs and not at all once none is left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every matching row: optimized from the first search of a process
    public static int CountExactRuns(Fts5ExtensionApi* api, void* fts, RankingQuery query, Span<double> frequencies)
    {
        var cover = query.Cover;
        for (var term = 0; term < frequencies.Length; term++)
        {
            var (first, end) = (cover.FirstPhrase(term), cover.FirstPhrase(term + 1));
            var code = ReadCandidates(api, fts, query, first, out var candidates, out var count);
            for (var phrase = first + 1; code == Fts5Native.Ok && count > 0 && phrase < end; phrase++)
            {
                code = KeepBeside(api, fts, phrase, cover.Offset(phrase), candidates, ref count);
            }

            if (code != Fts5Native.Ok)
            {
                return code;
            }

            frequencies[term] = count;
            if (count == 0)
            {
                return Fts5Native.Ok; // not a match: the other terms need not be read
            }
        }

        return Fts5Native.Ok;
    }

    /// <summary>The positions of <paramref name="phrase"/> in the row, each as column × 2³² + offset, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every matching row: optimized from the first search of a process
    private static int ReadCandidates(Fts5ExtensionApi* api, void* fts, RankingQuery query, int phrase, out long[] positions, out int count)
    {
        (positions, count) = (query.Positions, 0);
        Fts5PhraseIterator iterator;
        int column, offset;
        var code = api->PhraseFirst(fts, phrase, &iterator, &column, &offset);
        for (; code == Fts5Native.Ok && column >= 0; api->PhraseNext(fts, &iterator, &column, &offset))
        {
            if (count == positions.Length)
            {
                positions = query.GrowPositions();
            }

            positions[count++] = ((long)column << 32) | (uint)offset;
        }

        return code;
    }

    /// <summary>
    /// Keeps the first <paramref name="count"/> <paramref name="candidates"/> (in order) where <paramref name="phrase"/>
    /// stands <paramref name="distance"/> positions further on, in place and in order, and sets <paramref name="count"/> to how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every matching row: optimized from the first search of a process
    private static int KeepBeside(Fts5ExtensionApi* api, void* fts, int phrase, int distance, long[] candidates, ref int count)
    {
        Fts5PhraseIterator iterator;
        int column, offset;
        var code = api->PhraseFirst(fts, phrase, &iterator, &column, &offset);
        var (next, kept) = (0, 0);
        for (; code == Fts5Native.Ok && column >= 0 && next < count; api->PhraseNext(fts, &iterator, &column, &offset))
        {
            var position = ((long)column << 32) | (uint)offset;
            while (next < count && candidates[next] + distance < position)
            {
                next++;
            }

            if (next < count && candidates[next] + distance == position)
            {
                candidates[kept++] = candidates[next++];
            }
        }

        count = code == Fts5Native.Ok ? kept : count;
        return code;
    }
}
