using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Reads an original database as every released version left it: the init schema (0.1–0.2), plus
/// soft deletion, update times and the operation log (0.3, <c>20250622082123_sync_support</c>) and
/// <c>is_uploaded</c> (<c>20250623181710_files_sync</c>). Ids are 16-byte BLOBs, times RFC 3339 text as
/// sqlx and the migrations' defaults wrote them. The database and its write-ahead log are copied to a
/// temporary folder and the copy is opened with <c>Mode=ReadOnly</c>, so nothing is ever written beside the
/// original (SQLite would otherwise create <c>-shm</c>/<c>-wal</c> files there). Thread-safe (no shared state).
/// </summary>
internal static class OriginalDatabase
{
    /// <summary>The largest original database read.</summary>
    public const long MaxDatabaseBytes = 4L * 1024 * 1024 * 1024;

    public const int MaxNameLength = 4096;
    public const int MaxPathLength = 4096;
    private const int MaxNoteBytes = 4 * DataansStore.MaxNoteLength;
    private const int MaxOperationBytes = MaxNoteBytes + (64 * 1024);

    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["spaces"] = ["id", "name", "avatar_id", "created_at"],
        ["notes"] = ["id", "text", "created_at", "space_id"],
        ["files"] = ["id", "name", "path"],
        ["notes_files"] = ["note_id", "file_id"],
    };

    /// <exception cref="ImportException">The database is missing, a link, corrupt, too large or not of the original's schema.</exception>
    public static async Task<OriginalSnapshot> ReadAsync(OriginalLocation location, CancellationToken cancellationToken)
    {
        var database = location.DatabasePath;
        RefuseLink(Path.GetDirectoryName(database)!);
        RefuseLink(database);
        var size = new FileInfo(database).Length;
        if (size > MaxDatabaseBytes)
        {
            throw new ImportException($"The original database '{database}' is larger than 4 GiB, the most an import reads.");
        }

        var temp = Directory.CreateTempSubdirectory("dataans-original-").FullName;
        try
        {
            var copy = Path.Combine(temp, "dataans.sqlite");
            await CopyAsync(database, copy, cancellationToken);
            if (File.Exists(database + "-wal"))
            {
                RefuseLink(database + "-wal");
                await CopyAsync(database + "-wal", copy + "-wal", cancellationToken);
            }

            return await ReadCopyAsync(copy, database, cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw new ImportException($"The original database '{database}' cannot be read ({FirstSentence(exception.Message)}).", exception);
        }
        catch (IOException exception)
        {
            throw new ImportException($"The original database '{database}' cannot be read ({FirstSentence(exception.Message)}).", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ImportException($"The original database '{database}' cannot be read ({FirstSentence(exception.Message)}).", exception);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans its temp folder.
            }
        }
    }

    internal static void RefuseLink(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (info.Exists && info.LinkTarget is not null)
        {
            throw new ImportException($"'{path}' is a symbolic link, which an import of the original app does not follow.");
        }
    }

    private static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await input.CopyToAsync(output, cancellationToken);
    }

    private static async Task<OriginalSnapshot> ReadCopyAsync(string copy, string shownPath, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var check = (string?)await Scalar(connection, "PRAGMA quick_check", cancellationToken);
        if (check != "ok")
        {
            throw new ImportException($"The original database '{shownPath}' is damaged (SQLite's check says: {FirstSentence(check ?? "no answer")}).");
        }

        var columns = await ReadSchemaAsync(connection, shownPath, cancellationToken);
        var snapshot = new OriginalSnapshot();
        var reader = new OriginalRowReader(connection, columns, shownPath);
        await reader.ReadSpacesAsync(snapshot.Spaces, cancellationToken);
        await reader.ReadNotesAsync(snapshot.Notes, cancellationToken);
        await reader.ReadFilesAsync(snapshot.Files, cancellationToken);
        await reader.ReadLinksAsync(snapshot.Links, cancellationToken);
        if (columns.ContainsKey("operations"))
        {
            await reader.ReadOperationsAsync(snapshot.Operations, cancellationToken);
        }

        return snapshot;
    }

    private static async Task<Dictionary<string, HashSet<string>>> ReadSchemaAsync(SqliteConnection connection, string shownPath, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var table in new[] { "spaces", "notes", "files", "notes_files", "operations" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM pragma_table_info(@table)";
            command.Parameters.AddWithValue("@table", table);
            var names = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    names.Add(reader.GetString(0));
                }
            }

            if (names.Count > 0)
            {
                tables[table] = names;
            }
        }

        if (!tables.ContainsKey("notes_files") && (long)(await Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name IN ('note_files', 'meta')", cancellationToken))! == 2)
        {
            throw new ImportException($"'{shownPath}' belongs to a data folder of this app, not of the original; export it with 'dataans export' and import that export.");
        }

        foreach (var (table, required) in Required)
        {
            if (!tables.TryGetValue(table, out var names))
            {
                throw new ImportException($"'{shownPath}' is not a database of the original Dataans app: it has no table '{table}'.");
            }

            if (required.FirstOrDefault(column => !names.Contains(column)) is { } missing)
            {
                throw new ImportException($"'{shownPath}' is not a database of the original Dataans app: table '{table}' has no column '{missing}'.");
            }
        }

        if (tables.TryGetValue("operations", out var operations) && !new[] { "id", "created_at", "operation" }.All(operations.Contains))
        {
            throw new ImportException($"'{shownPath}' is not a database of the original Dataans app: its 'operations' table lacks id, created_at or operation.");
        }

        return tables;
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    internal static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim().TrimEnd('.');
        return line.Length <= 160 ? line : line[..160] + "…";
    }

    /// <summary>Reads the rows of one database copy, checking every value; not thread-safe.</summary>
    private sealed class OriginalRowReader(SqliteConnection connection, Dictionary<string, HashSet<string>> columns, string shownPath)
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
                    Text(row, 1, 2, MaxNameLength, where, "name"),
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
                var text = Text(row, 1, 2, MaxNoteBytes, where, "text");
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
                    Text(row, 1, 2, MaxNameLength, where, "name"),
                    Text(row, 3, 4, MaxPathLength, where, "path"),
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
                var json = Text(row, 2, 3, MaxOperationBytes, where, "operation");
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
}
