using Dataans.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Dataans.Server.Backup;

/// <summary>
/// SQLite's online backup API both ways: a backup is a consistent single file taken while the server
/// runs (whatever its WAL holds), and a restore writes the pages into the live database under SQLite's
/// own locks, so a running server sees the restored state at its next statement.
/// </summary>
internal static class SqliteBackup
{
    public const string FileName = "server.sqlite";

    public static async Task BackupAsync(SqliteDatabase database, string folder, CancellationToken cancellationToken)
    {
        await using var live = await database.OpenAsync(cancellationToken);
        await using var copy = new SqliteConnection(ConnectionString(Path.Combine(folder, FileName), readOnly: false));
        await copy.OpenAsync(cancellationToken);
        live.BackupDatabase(copy);
    }

    /// <exception cref="InvalidDataException">The backup file is damaged.</exception>
    public static async Task RestoreAsync(SqliteDatabase database, string folder, CancellationToken cancellationToken)
    {
        await using var copy = new SqliteConnection(ConnectionString(Path.Combine(folder, FileName), readOnly: true));
        await copy.OpenAsync(cancellationToken);
        await using (var check = copy.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            if (await check.ExecuteScalarAsync(cancellationToken) as string != "ok")
            {
                throw new InvalidDataException($"{Path.Combine(folder, FileName)} is damaged (integrity check failed); nothing was restored.");
            }
        }

        await using var live = await database.OpenAsync(cancellationToken);
        copy.BackupDatabase(live);
    }

    private static string ConnectionString(string path, bool readOnly) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();
}
