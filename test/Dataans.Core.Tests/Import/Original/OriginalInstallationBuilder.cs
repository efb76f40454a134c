using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Dataans.Tests.Original;

/// <summary>
/// Builds an installation of the original Dataans app the way its code does, with no help from ours:
/// the three released migrations as raw SQL, rows written as its <c>db/sqlite.rs</c> writes them (ids as
/// 16-byte BLOBs, times as sqlx's RFC 3339 text), soft deletes that cascade, and from the sync release on
/// one operation per change in the same transaction (serde JSON, the guard's time, payload times taken a
/// little earlier by the service). Before the sync release there is no log and file paths are absolute.
/// </summary>
internal sealed partial class OriginalInstallationBuilder : IDisposable
{
    /// <summary>The absolute prefix versions before 0.3 wrote into file paths (the folder it had then).</summary>
    public const string LegacyRoot = "/home/olduser/.local/share/com.tbt.dataans";

    public static readonly Guid DefaultAvatarId = new("54d49bda-644e-44a9-a1ad-4a8fa5f368a5");
    public const string DefaultAvatarPath = "/public/default_space_avatar.png";

    private readonly SqliteConnection _db;
    private long _clock = 1_739_000_000_123_456_789; // 2025-02-08, nanoseconds that do not end in zeros

    private OriginalInstallationBuilder(string root)
    {
        Root = root;
        Directory.CreateDirectory(Path.Combine(root, "db"));
        Directory.CreateDirectory(Path.Combine(root, "files"));
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "configs"));
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, ForeignKeys = true }.ToString());
        _db.Open();
        Exec("PRAGMA journal_mode=WAL"); // sqlx's default
        Exec("""
            CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
              installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, checksum BLOB NOT NULL, execution_time BIGINT NOT NULL);
            """);
        Migrate(20241210221629, "init db schema", """
            CREATE TABLE IF NOT EXISTS spaces(
              id BLOB NOT NULL PRIMARY KEY,
              name TEXT NOT NULL,
              avatar_id TEXT NOT NULL REFERENCES files(id),
              created_at TEXT NOT NULL
            );

            CREATE TABLE IF NOT EXISTS notes(
              id BLOB NOT NULL PRIMARY KEY,
              text TEXT NOT NULL,
              created_at TEXT NOT NULL,
              space_id BLOB NOT NULL REFERENCES spaces(id)
            );

            CREATE TABLE IF NOT EXISTS notes_files(
              note_id BLOB NOT NULL REFERENCES notes(id),
              file_id BLOB NOT NULL REFERENCES files(id),
              PRIMARY KEY(note_id, file_id)
            );

            CREATE TABLE IF NOT EXISTS files(
              id BLOB NOT NULL PRIMARY KEY,
              name TEXT NOT NULL,
              path TEXT NOT NULL
            );
            """);
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "db", "dataans.sqlite");

    /// <summary>True once the sync release's migrations ran: changes are logged from then on.</summary>
    public bool HasSync { get; private set; }

    /// <summary>Every logged operation with the digest the original computes for it.</summary>
    public List<LoggedOperation> Log { get; } = [];

    /// <summary>Bytes written per file id (what a faithful import must reproduce).</summary>
    public Dictionary<Guid, byte[]> Bytes { get; } = [];

    public static OriginalInstallationBuilder Create(string root) => new(root);

    /// <summary>Runs <c>20250622082123_sync_support</c> and <c>20250623181710_files_sync</c> (the 0.3 release).</summary>
    public void UpgradeToSyncRelease()
    {
        Migrate(20250622082123, "sync support", """
            ALTER TABLE spaces ADD COLUMN is_deleted INTEGER NOT NULL DEFAULT FALSE;
            ALTER TABLE spaces ADD COLUMN updated_at TEXT DEFAULT '2024-02-16T23:20:50.52Z';
            UPDATE spaces set updated_at = created_at;

            ALTER TABLE notes ADD COLUMN is_deleted INTEGER NOT NULL DEFAULT FALSE;
            ALTER TABLE notes ADD COLUMN updated_at TEXT DEFAULT '2024-02-16T23:20:50.52Z';
            UPDATE notes set updated_at = created_at;

            ALTER TABLE files ADD COLUMN created_at TEXT NOT NULL DEFAULT '2024-06-14T22:32:08.134275686Z';
            ALTER TABLE files ADD COLUMN updated_at TEXT NOT NULL DEFAULT '2024-06-14T22:32:08.134275686Z';
            ALTER TABLE files ADD COLUMN is_deleted INTEGER NOT NULL DEFAULT FALSE;

            CREATE TABLE operations (
                id BLOB NOT NULL PRIMARY KEY,
                created_at TEXT NOT NULL,
                operation TEXT NOT NULL
            );
            """);
        Migrate(20250623181710, "files sync", "ALTER TABLE files ADD COLUMN is_uploaded INTEGER NOT NULL DEFAULT FALSE;");
        HasSync = true;
    }

    public void WriteConfig(string toml) => File.WriteAllText(Path.Combine(Root, "configs", "config.toml"), toml);

    public void WriteConfigFile(string name, string text) => File.WriteAllText(Path.Combine(Root, "configs", name), text);

    public void WriteProfile(string json)
    {
        Directory.CreateDirectory(Path.Combine(Root, "profile"));
        File.WriteAllText(Path.Combine(Root, "profile", "profile.json"), json);
    }

    /// <summary>Closes the database as the app does on exit (the write-ahead log is checkpointed and removed).</summary>
    public void Dispose()
    {
        _db.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Moves the clock on by a bit more than a second, with sub-microsecond digits.</summary>
    private long Tick() => _clock += 1_000_123_457;

    private void Migrate(long version, string description, string sql)
    {
        using var transaction = _db.BeginTransaction();
        Exec(sql, transaction);
        Exec("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (@v, @d, TRUE, @c, 1000)", transaction,
            ("@v", version), ("@d", description), ("@c", SHA384.HashData(System.Text.Encoding.UTF8.GetBytes(sql))));
        transaction.Commit();
    }

    private void Exec(string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = _db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    private static byte[] Blob(Guid id) => id.ToByteArray(bigEndian: true);
}

/// <summary>An operation as the original logged it, with the digest it uploads as the checksum.</summary>
internal sealed record LoggedOperation(Guid Id, long CreatedAt, string Json, byte[] Digest);
