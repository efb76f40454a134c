using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// <c>dataans_bm25(notes_fts)</c>: FTS5's own <c>bm25()</c> with the default weights, value for value, computed
/// from cheaper inputs. It gives the same rank (the same doubles, by the same operations) but takes each note's
/// length and each term's note count from <see cref="SearchStatistics"/> instead of reading <c>notes_fts_docsize</c>
/// per match and counting each term in a second pass. When the statement matches a <see cref="TrigramCover"/>, a term's
/// frequency is its exact runs (<see cref="TermFrequencies"/>), and a row where a term has none is <see cref="NotAMatch"/>.
/// Outside a <see cref="Use"/> scope, or for a note the statistics do not know, it asks FTS5 as <c>bm25()</c> does.
/// </summary>
internal static unsafe class Bm25Ranking
{
    public const string FunctionName = "dataans_bm25";

    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int SqliteError = 1;

    /// <summary>The value for a row the cover matched where a term has no exact run: sorted after every match, and dropped.</summary>
    public const double NotAMatch = double.MaxValue;

    private static readonly ConditionalWeakTable<object, object> Registered = [];

    [ThreadStatic]
    private static RankingQuery? _query;

    /// <summary>Registers the function on the connection's database handle once (pooled connections keep it).</summary>
    public static void EnsureRegistered(SqliteConnection connection)
    {
        var handle = connection.Handle!;
        lock (Registered)
        {
            if (Registered.TryGetValue(handle, out _))
            {
                return;
            }

            Register(handle.DangerousGetHandle());
            Registered.Add(handle, handle);
        }
    }

    /// <summary>Makes <paramref name="query"/> the inputs of the function for statements run on this thread until disposed.</summary>
    public static Scope Use(RankingQuery query)
    {
        _query = query;
        return default;
    }

    private static void Register(nint database)
    {
        Fts5Api* api = null;
        nint statement;
        var sql = "SELECT fts5(?1)"u8;
        fixed (byte* text = sql)
        {
            Check(Fts5Native.Prepare(database, text, sql.Length, &statement, null), "prepare");
        }

        try
        {
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                Check(Fts5Native.BindPointer(statement, 1, &api, type, 0), "bind");
            }

            Fts5Native.Step(statement);
        }
        finally
        {
            Fts5Native.Finalize(statement);
        }

        if (api is null)
        {
            throw new StoreException("This SQLite build has no FTS5 extension API.");
        }

        fixed (byte* name = "dataans_bm25\0"u8)
        {
            Check(api->CreateFunction(api, name, null, &Rank, null), "register");
        }
    }

    private static void Check(int code, string step)
    {
        if (code != Fts5Native.Ok)
        {
            throw new StoreException($"The search ranking function could not be set up ({step}: SQLite error {code}).");
        }
    }

    [UnmanagedCallersOnly]
    private static int CountMatch(Fts5ExtensionApi* api, void* fts, void* count)
    {
        (*(long*)count)++;
        return Fts5Native.Ok;
    }

    [UnmanagedCallersOnly]
    private static void FreeQueryData(void* data) => NativeMemory.Free(data);

    /// <summary>
    /// The per-row function. Its per-statement data: term count, average length, deferred flag, covered flag, then
    /// each term's IDF and frequency.
    /// </summary>
    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every matching row: optimized from the first search of a process
    private static void Rank(Fts5ExtensionApi* api, void* fts, void* context, int argumentCount, void** arguments)
    {
        try
        {
            var query = _query;
            var data = (double*)api->GetAuxdata(fts, 0);
            var code = data is null ? Prepare(api, fts, query, out data) : Fts5Native.Ok;
            if (code == Fts5Native.Ok)
            {
                code = Score(api, fts, query, data, out var value);
                if (code == Fts5Native.Ok)
                {
                    Fts5Native.ResultDouble(context, value);
                    return;
                }
            }

            Fts5Native.ResultErrorCode(context, code);
        }
        catch (Exception)
        {
            Fts5Native.ResultErrorCode(context, SqliteError);
        }
    }

    private static int Prepare(Fts5ExtensionApi* api, void* fts, RankingQuery? query, out double* data)
    {
        var phrases = api->PhraseCount(fts);
        var cover = query?.Cover is { Covers: true } covering && covering.PhraseCount == phrases ? covering : null;
        var terms = cover?.TermCount ?? phrases;
        data = (double*)NativeMemory.AllocZeroed((nuint)(sizeof(double) * (4 + (2 * terms))));
        long rows = 0;
        long tokens = 0;
        var code = api->RowCount(fts, &rows);
        if (code == Fts5Native.Ok)
        {
            code = api->ColumnTotalSize(fts, -1, &tokens);
        }

        var deferred = query is { DeferDocumentCounts: true } && terms == 1;
        data[0] = terms;
        data[1] = (double)tokens / (double)rows;
        data[2] = deferred ? 1 : 0;
        data[3] = cover is null ? 0 : 1;
        if (query is not null)
        {
            query.RowCount = rows;
        }

        for (var term = 0; code == Fts5Native.Ok && term < terms && !deferred; term++)
        {
            var matches = query?.DocumentCount(term) ?? -1;
            if (matches < 0 && cover is not null && cover.FirstPhrase(term + 1) - cover.FirstPhrase(term) > 1)
            {
                code = SqliteError; // a covered term's count is counted before the statement (RankingQuery.CountCoveredTerms)
            }
            else if (matches < 0)
            {
                matches = 0;
                code = api->QueryPhrase(fts, cover?.FirstPhrase(term) ?? term, &matches, &CountMatch);
                if (code == Fts5Native.Ok)
                {
                    query?.CountedDocuments(term, matches); // a count cut short (an error) is never kept
                }
            }

            data[4 + term] = InverseDocumentFrequency(rows, matches);
        }

        code = code == Fts5Native.Ok ? api->SetAuxdata(fts, data, &FreeQueryData) : code;
        if (code != Fts5Native.Ok)
        {
            NativeMemory.Free(data);
        }

        return code;
    }

    /// <summary>FTS5's IDF: ln((N - n + 0.5) / (n + 0.5)), and 1e-6 for a term in half the rows or more.</summary>
    public static double InverseDocumentFrequency(long rows, long matches)
    {
        var idf = Math.Log((rows - matches + 0.5) / (matches + 0.5));
        return idf <= 0.0 ? 1e-6 : idf;
    }

    /// <summary>
    /// BM25 of the current row (negated, lower is better); when deferred, the term-frequency part alone, negated;
    /// <see cref="NotAMatch"/> when a covered term has no exact run in the row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every matching row: optimized from the first search of a process
    private static int Score(Fts5ExtensionApi* api, void* fts, RankingQuery? query, double* data, out double value)
    {
        value = 0;
        var terms = (int)data[0];
        var frequencies = new Span<double>(data + 4 + terms, terms);
        var code = data[3] != 0 ? TermFrequencies.CountExactRuns(api, fts, query!, frequencies) : TermFrequencies.CountInstances(api, fts, frequencies);
        if (code != Fts5Native.Ok)
        {
            return code;
        }

        if (data[3] != 0 && frequencies.Contains(0.0))
        {
            value = NotAMatch;
            return code;
        }

        var length = query?.Statistics.Length(api->Rowid(fts)) ?? -1;
        if (length < 0)
        {
            code = api->ColumnSize(fts, -1, &length);
            if (code != Fts5Native.Ok)
            {
                return code;
            }
        }

        var averageLength = data[1];
        if (data[2] != 0)
        {
            query!.Scored++;
            value = -1.0 * TermFrequencyPart(frequencies[0], length, averageLength);
            return code;
        }

        if (query is not null)
        {
            query.Scored++;
        }

        var score = 0.0;
        for (var term = 0; term < terms; term++)
        {
            score += data[4 + term] * TermFrequencyPart(frequencies[term], length, averageLength);
        }

        value = -1.0 * score;
        return code;
    }

    private static double TermFrequencyPart(double frequency, int length, double averageLength) =>
        (frequency * (K1 + 1.0)) / (frequency + (K1 * (1 - B + (B * length / averageLength))));

    /// <summary>Ends a <see cref="Use"/> scope.</summary>
    internal readonly struct Scope : IDisposable
    {
        public void Dispose() => _query = null;
    }
}
