using System.Runtime.InteropServices;

namespace Dataans.Core.Storage.Ranking;

/// <summary>
/// The parts of SQLite's C API and of FTS5's extension API that the ranking function needs, called in the
/// same e_sqlite3 library that Microsoft.Data.Sqlite loads (so the connection handles are shared). Layouts
/// follow <c>fts5.h</c>: a version int, then function pointers in declaration order.
/// </summary>
internal static unsafe partial class Fts5Native
{
    public const int Ok = 0;
    public const int Row = 100;
    public const int Done = 101;
    public const int Interrupt = 9;

    private const string Library = "e_sqlite3";

    [LibraryImport(Library, EntryPoint = "sqlite3_prepare_v2")]
    public static partial int Prepare(nint database, byte* sql, int length, nint* statement, nint* tail);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_pointer")]
    public static partial int BindPointer(nint statement, int index, void* pointer, byte* type, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_finalize")]
    public static partial int Finalize(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition] // once per row of a statistics load; returns at once
    public static partial long ColumnInt64(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition] // once per row of a statistics load; returns at once
    public static partial byte* ColumnBlob(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition] // once per row of a statistics load; returns at once
    public static partial int ColumnBytes(nint statement, int column);

    /// <summary>Called for every ranked row; returns at once, so without .NET's GC transition.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_result_double")]
    [SuppressGCTransition]
    public static partial void ResultDouble(void* context, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_result_error_code")]
    public static partial void ResultErrorCode(void* context, int code);
}

/// <summary><c>fts5_api</c>: how an auxiliary function is registered.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Fts5Api
{
    public int Version;
    public void* CreateTokenizer;
    public void* FindTokenizer;
    public delegate* unmanaged<Fts5Api*, byte*, void*, delegate* unmanaged<Fts5ExtensionApi*, void*, void*, int, void**, void>, delegate* unmanaged<void*, void>, int> CreateFunction;
}

/// <summary>
/// <c>Fts5ExtensionApi</c> up to <c>xPhraseNext</c> (version 2, SQLite 3.9): what an auxiliary function may ask about
/// the current match. The calls made for every row are marked <c>SuppressGCTransition</c>: they return at once and
/// never call back into .NET (<c>xQueryPhrase</c>, which does, is not), and skipping the transition saved 1–2 ms of
/// the 25 ms that ranking a word in 58 % of 100,000 notes took.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Fts5ExtensionApi
{
    public int Version;
    public void* UserData;
    public void* ColumnCount;
    public delegate* unmanaged<void*, long*, int> RowCount;
    public delegate* unmanaged<void*, int, long*, int> ColumnTotalSize;
    public void* Tokenize;
    public delegate* unmanaged<void*, int> PhraseCount;
    public void* PhraseSize;
    public delegate* unmanaged[SuppressGCTransition]<void*, int*, int> InstCount;
    public delegate* unmanaged[SuppressGCTransition]<void*, int, int*, int*, int*, int> Inst;
    public delegate* unmanaged[SuppressGCTransition]<void*, long> Rowid;
    public void* ColumnText;
    public delegate* unmanaged<void*, int, int*, int> ColumnSize;
    public delegate* unmanaged<void*, int, void*, delegate* unmanaged<Fts5ExtensionApi*, void*, void*, int>, int> QueryPhrase;
    public delegate* unmanaged<void*, void*, delegate* unmanaged<void*, void>, int> SetAuxdata;
    public delegate* unmanaged[SuppressGCTransition]<void*, int, void*> GetAuxdata;
    public delegate* unmanaged[SuppressGCTransition]<void*, int, Fts5PhraseIterator*, int*, int*, int> PhraseFirst;
    public delegate* unmanaged[SuppressGCTransition]<void*, Fts5PhraseIterator*, int*, int*, void> PhraseNext;
}

/// <summary><c>Fts5PhraseIter</c>: a place in one phrase's positions in the current row (FTS5's own, opaque).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Fts5PhraseIterator
{
    public byte* Next;
    public byte* End;
}
