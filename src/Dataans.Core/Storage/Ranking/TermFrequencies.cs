namespace Dataans.Core.Storage.Ranking;

/// <summary>How often each term occurs in the row <see cref="Bm25Ranking"/> scores, from FTS5's positions of the statement's phrases.</summary>
internal static unsafe class TermFrequencies
{
    /// <summary>Each phrase's instances in the row, as FTS5's bm25() counts them (every phrase is a term).</summary>
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
    /// (in the same column), which are the places where the term's own phrase would match. Each phrase's positions
    /// come in order (column, then offset), so one pass over each finds them.
    /// </summary>
    public static int CountExactRuns(Fts5ExtensionApi* api, void* fts, RankingQuery query, Span<double> frequencies)
    {
        var cover = query.Cover;
        Span<int> cursors = stackalloc int[cover.PhraseCount]; // at most a query's length in phrases
        for (var term = 0; term < frequencies.Length; term++)
        {
            var (first, end) = (cover.FirstPhrase(term), cover.FirstPhrase(term + 1));
            var code = ReadPositions(api, fts, query, first, end, out var positions, out var starts);
            if (code != Fts5Native.Ok)
            {
                return code;
            }

            frequencies[term] = 0.0;
            var next = cursors[..(end - first)];
            starts.AsSpan(0, end - first).CopyTo(next);
            for (var at = starts[0]; at < starts[1]; at++)
            {
                var exact = true;
                for (var phrase = first + 1; exact && phrase < end; phrase++)
                {
                    var wanted = positions[at] + cover.Offset(phrase);
                    var k = phrase - first;
                    while (next[k] < starts[k + 1] && positions[next[k]] < wanted)
                    {
                        next[k]++;
                    }

                    exact = next[k] < starts[k + 1] && positions[next[k]] == wanted;
                }

                frequencies[term] += exact ? 1.0 : 0.0;
            }

            if (frequencies[term] == 0.0)
            {
                return Fts5Native.Ok; // not a match: the other terms need not be read
            }
        }

        return Fts5Native.Ok;
    }

    /// <summary>
    /// The positions of phrases <paramref name="first"/> to <paramref name="end"/> (exclusive) in the row, each as
    /// column × 2³² + offset, one phrase after another: phrase k's from <c>starts[k - first]</c> to <c>starts[k - first + 1]</c>.
    /// </summary>
    private static int ReadPositions(Fts5ExtensionApi* api, void* fts, RankingQuery query, int first, int end, out long[] positions, out int[] starts)
    {
        (positions, starts) = (query.Positions, query.Starts(end - first + 1));
        var count = 0;
        for (var phrase = first; phrase < end; phrase++)
        {
            starts[phrase - first] = count;
            Fts5PhraseIterator iterator;
            int column, offset;
            var code = api->PhraseFirst(fts, phrase, &iterator, &column, &offset);
            if (code != Fts5Native.Ok)
            {
                return code;
            }

            for (; column >= 0; api->PhraseNext(fts, &iterator, &column, &offset))
            {
                if (count == positions.Length)
                {
                    positions = query.GrowPositions();
                }

                positions[count++] = ((long)column << 32) | (uint)offset;
            }
        }

        starts[end - first] = count;
        return Fts5Native.Ok;
    }
}
