using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// Runs many statements inside one transaction, reusing one prepared command per SQL text.
/// Not thread-safe: one batch belongs to one unit of work.
/// </summary>
internal sealed class SqlBatch(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public SqliteTransaction Transaction => transaction;

    /// <summary>Checked before each statement: a cancelled unit of work runs no further statement.</summary>
    public CancellationToken Cancellation { get; init; }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Prepare(sql, parameters).ExecuteNonQuery();

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var value = Prepare(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteDataReader Reader(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Prepare(sql, parameters).ExecuteReader();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private SqliteCommand Prepare(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}

/// <summary>Conversions between domain values and their stored form.</summary>
internal static class DbValue
{
    public static byte[] Id(Guid id)
    {
        var bytes = new byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    public static Guid ToGuid(byte[] bytes) => new(bytes, bigEndian: true);

    public static Guid GetId(this SqliteDataReader reader, int ordinal) => ToGuid((byte[])reader.GetValue(ordinal));

    public static Guid? GetNullableGuid(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ToGuid((byte[])reader.GetValue(ordinal));

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
