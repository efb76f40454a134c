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
    public const int MaxNoteBytes = 4 * DataansStore.MaxNoteLength;
    public const int MaxOperationBytes = MaxNoteBytes + (64 * 1024);

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
        await using var output = new FileStream(target, PrivateDataFolder.NewFile(FileMode.CreateNew)); // a plaintext copy: 0600
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
}
