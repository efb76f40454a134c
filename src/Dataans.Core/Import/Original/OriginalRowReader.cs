using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Import.Original;

/// <summary>Reads the rows of one database copy, checking every value; not thread-safe.</summary>
internal sealed class OriginalRowReader(SqliteConnection connection, Dictionary<string, HashSet<string>> columns, string shownPath)
{
    public async Task ReadSpacesAsync(List<OriginalSpace> target, CancellationToken cancellationToken)
    {
        var sql = $"SELECT id, name, length(CAST(name AS BLOB)), avatar_id, created_at, {Optional("spaces", "updated_at", "NULL")}, {Optional("spaces", "is_deleted", "0")} FROM spaces ORDER BY rowid";
        await foreach (var row in RowsAsync(sql, cancellationToken))
        {
            var id = Id(row, 0, "spaces");
            var where = $"space '{id}'";
            var created = Time(row, 4, where);
            target.Add(new OriginalSpace(
                id,
                Text(row, 1, 2, OriginalDatabase.MaxNameLength, where, "name"),
                row.IsDBNull(3) ? null : Id(row, 3, where),
                created,
                row.IsDBNull(5) ? created : Time(row, 5, where),
                Flag(row, 6, where)));
        }
    }

    public async Task ReadNotesAsync(List<OriginalNote> target, CancellationToken cancellationToken)
    {
        var sql = $"SELECT id, text, length(CAST(text AS BLOB)), created_at, {Optional("notes", "updated_at", "NULL")}, space_id, {Optional("notes", "is_deleted", "0")} FROM notes ORDER BY rowid";
        await foreach (var row in RowsAsync(sql, cancellationToken))
        {
            var id = Id(row, 0, "notes");
            var where = $"note '{id}'";
            var text = Text(row, 1, 2, OriginalDatabase.MaxNoteBytes, where, "text");
            if (text.Length > DataansStore.MaxNoteLength)
            {
                throw new ImportException($"The original database's {where} has more than {DataansStore.MaxNoteLength:N0} characters, more than a note may hold.");
            }

            var created = Time(row, 3, where);
            target.Add(new OriginalNote(id, text, created, row.IsDBNull(4) ? created : Time(row, 4, where), Id(row, 5, where), Flag(row, 6, where)));
        }
    }

    public async Task ReadFilesAsync(List<OriginalFile> target, CancellationToken cancellationToken)
    {
        // Files written before 0.3 got the migration's default time; no released version wrote NULL here.
        var sql = $"SELECT id, name, length(CAST(name AS BLOB)), path, length(CAST(path AS BLOB)), {Optional("files", "created_at", "NULL")}, {Optional("files", "updated_at", "NULL")}, {Optional("files", "is_deleted", "0")} FROM files ORDER BY rowid";
        await foreach (var row in RowsAsync(sql, cancellationToken))
        {
            var id = Id(row, 0, "files");
            var where = $"file '{id}'";
            var created = row.IsDBNull(5) ? OriginalFormats.FilesDefaultTime : Time(row, 5, where);
            target.Add(new OriginalFile(
                id,
                Text(row, 1, 2, OriginalDatabase.MaxNameLength, where, "name"),
                Text(row, 3, 4, OriginalDatabase.MaxPathLength, where, "path"),
                created,
                row.IsDBNull(6) ? created : Time(row, 6, where),
                Flag(row, 7, where)));
        }
    }

    public async Task ReadLinksAsync(List<(Guid, Guid)> target, CancellationToken cancellationToken)
    {
        await foreach (var row in RowsAsync("SELECT note_id, file_id FROM notes_files ORDER BY rowid", cancellationToken))
        {
            target.Add((Id(row, 0, "notes_files"), Id(row, 1, "notes_files")));
        }
    }

    public async Task ReadOperationsAsync(List<OriginalOperation> target, CancellationToken cancellationToken)
    {
        await foreach (var row in RowsAsync("SELECT id, created_at, operation, length(CAST(operation AS BLOB)) FROM operations ORDER BY rowid", cancellationToken))
        {
            var id = Id(row, 0, "operations");
            var where = $"operation '{id}'";
            var json = Text(row, 2, 3, OriginalDatabase.MaxOperationBytes, where, "operation");
            Operation operation;
            try
            {
                operation = OperationJson.Deserialize(json);
            }
            catch (OperationFormatException exception)
            {
                throw new ImportException($"The original database's {where} is not a valid operation ({exception.Message.TrimEnd('.')}).", exception);
            }

            target.Add(new OriginalOperation(new OperationRecord(id, Time(row, 1, where), operation), json));
        }
    }

    private string Optional(string table, string column, string fallback) => columns[table].Contains(column) ? column : fallback;

    private async IAsyncEnumerable<SqliteDataReader> RowsAsync(string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader;
        }
    }

    private Guid Id(SqliteDataReader row, int ordinal, string where)
    {
        var value = row.GetValue(ordinal);
        if (value is byte[] { Length: 16 } bytes)
        {
            return new Guid(bytes, bigEndian: true);
        }

        if (value is string text && text.Length == 36 && Guid.TryParse(text, out var parsed))
        {
            return parsed;
        }

        throw new ImportException($"The original database '{shownPath}' has an id that is not a UUID in {where}.");
    }

    private Timestamp Time(SqliteDataReader row, int ordinal, string where)
    {
        var value = row.GetValue(ordinal);
        if (value is string text && Timestamp.TryParse(text, out var time))
        {
            return time;
        }

        throw new ImportException($"The original database '{shownPath}' has a time that is not RFC 3339 in {where}.");
    }

    private string Text(SqliteDataReader row, int ordinal, int lengthOrdinal, int maxBytes, string where, string column)
    {
        if (row.IsDBNull(ordinal))
        {
            throw new ImportException($"The original database '{shownPath}' has no {column} in {where}.");
        }

        if (row.GetInt64(lengthOrdinal) > maxBytes)
        {
            throw new ImportException($"The original database '{shownPath}' has a {column} of more than {maxBytes:N0} bytes in {where}, larger than any the original writes.");
        }

        return row.GetValue(ordinal) as string
            ?? throw new ImportException($"The original database '{shownPath}' has a {column} that is not text in {where}.");
    }

    private bool Flag(SqliteDataReader row, int ordinal, string where) => row.GetValue(ordinal) switch
    {
        DBNull => false,
        long value => value != 0,
        _ => throw new ImportException($"The original database '{shownPath}' has an is_deleted flag that is not 0 or 1 in {where}."),
    };
}
