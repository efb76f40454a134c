using Microsoft.Data.Sqlite;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>Looks into a data folder's SQLite store after the app has gone: its integrity and what it holds.</summary>
internal static class StoreCheck
{
    public static string IntegrityCheck(string dataDir) => Scalar(dataDir, "PRAGMA integrity_check;") ?? "no answer";

    public static string? Scalar(string dataDir, string sql)
    {
        // Read-only: it may look while the app runs, and must never write beside it.
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "db", "dataans.sqlite"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dataans.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Dataans.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
