using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// Writes many rows of one table with INSERT statements of several rows each: one statement (and one
/// trip through SQLite's statement machinery) per <see cref="MaxParameters"/> values instead of one per
/// row. Thread-safe (stateless).
/// </summary>
internal static class MultiRowInsert
{
    /// <summary>The values one statement binds at most (SQLite allows far more; this keeps statements small).</summary>
    public const int MaxParameters = 120;

    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, MaxParameters).Select(index => "@v" + index)];
    private static readonly ConcurrentDictionary<(string Head, int Rows, int Columns, string Tail), string> Statements = new();

    /// <summary>
    /// Inserts <paramref name="rows"/> (each one value per column of <paramref name="head"/>, in order);
    /// <paramref name="tail"/> follows the VALUES list (e.g. a RETURNING clause), and each returned row
    /// is handed to <paramref name="returned"/>.
    /// </summary>
    /// <param name="head">"INSERT INTO table (columns) VALUES".</param>
    public static void Execute(SqlBatch batch, string head, int columns, IReadOnlyList<object?[]> rows, string tail = "", Action<SqliteDataReader>? returned = null)
    {
        var rowsPerStatement = Math.Max(1, MaxParameters / columns);
        for (var start = 0; start < rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - start);
            var sql = Statements.GetOrAdd((head, count, columns, tail), key => Build(key.Head, key.Rows, key.Columns, key.Tail));
            var parameters = new (string Name, object? Value)[count * columns];
            for (var row = 0; row < count; row++)
            {
                var values = rows[start + row];
                for (var column = 0; column < columns; column++)
                {
                    var index = (row * columns) + column;
                    parameters[index] = (ParameterNames[index], values[column]);
                }
            }

            if (returned is null)
            {
                batch.Execute(sql, parameters);
                continue;
            }

            using var reader = batch.Reader(sql, parameters);
            while (reader.Read())
            {
                returned(reader);
            }
        }
    }

    private static string Build(string head, int rows, int columns, string tail)
    {
        var sql = new StringBuilder(head.Length + tail.Length + (rows * columns * 7));
        sql.Append(head);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? " (" : ", (");
            for (var column = 0; column < columns; column++)
            {
                sql.Append(column == 0 ? string.Empty : ", ").Append(ParameterNames[(row * columns) + column]);
            }

            sql.Append(')');
        }

        return sql.Append(' ').Append(tail).ToString();
    }
}
