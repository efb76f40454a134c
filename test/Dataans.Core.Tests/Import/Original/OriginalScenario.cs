using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Dataans.Tests.Original;

/// <summary>
/// One original installation used by the import, sync and UI tests: a user who started before the
/// sync release (0.2: absolute paths, images folder, the shared default avatar), upgraded to 0.3 and
/// went on (CJK and emoji, edits, deletions, a deleted space, attachments, a pasted image, a custom avatar,
/// an attachment whose bytes were later lost), with its own key bindings and theme.
/// </summary>
internal sealed class OriginalScenario
{
    public const string ConfigToml = """
        [key-bindings]
        toggle-spaces-bar = "Ctrl+b"
        create-space = "Ctrl+Shift+n"
        edit-current-space = "Ctrl+e"
        delete-current-space = "Ctrl+Delete"
        select-prev-list-item = "Alt+ArrowUp"
        select-next-list-item = "Alt+ArrowDown"
        find-note = "Ctrl+f"
        find-note-in-selected-space = "Ctrl+m"
        regenerate-space-avatar = "Ctrl+r"

        [appearance]
        theme = "theme_solar.toml"

        [app]
        app-toggle = "F2"
        always-on-top = false
        hide-window-decorations = false
        hide-taskbar-icon = false
        base-path = ""
        """;

    public const string ThemeToml = "notes-background-color = \"#fdf6e3\"\nnote-text-color = \"#586e75\"\n";

    private OriginalScenario(OriginalInstallationBuilder builder) => Builder = builder;

    public OriginalInstallationBuilder Builder { get; }

    public string Root => Builder.Root;

    public Guid OldSpace { get; private set; }

    public Guid PlainSpace { get; private set; }

    public Guid OldNote { get; private set; }

    public Guid OldEditedNote { get; private set; }

    public Guid OldAttachment { get; private set; }

    public Guid WorkSpace { get; private set; }

    public Guid PhotosSpace { get; private set; }

    public Guid CustomAvatar { get; private set; }

    public Guid PastedImage { get; private set; }

    public Guid DeletedNote { get; private set; }

    public Guid TrashSpace { get; private set; }

    public Guid MissingFile { get; private set; }

    /// <summary>Builds the installation in <paramref name="root"/> and closes its database.</summary>
    public static OriginalScenario Build(string root)
    {
        var builder = OriginalInstallationBuilder.Create(root);
        var s = new OriginalScenario(builder);

        var shared = builder.LegacyDefaultAvatar();
        var oldAvatar = builder.LegacyGeneratedAvatar(Bytes(900, 1));
        s.OldSpace = builder.LegacySpace("Old notes", oldAvatar);
        s.PlainSpace = builder.LegacySpace("Plain", shared);
        s.OldAttachment = builder.LegacyAttachment("report 2024.pdf", Bytes(5_000, 2));
        s.OldNote = builder.LegacyNote(s.OldSpace, "Written before sync existed — 同期の前\n\n> kept byte for byte  ", s.OldAttachment);
        s.OldEditedNote = builder.LegacyNote(s.PlainSpace, "to be edited after the upgrade");

        builder.UpgradeToSyncRelease();
        s.WorkSpace = builder.CreateSpace("仕事 Work");
        s.CustomAvatar = builder.PickAvatar(Bytes(2_345, 3));
        s.PhotosSpace = builder.CreateSpace("Photos", s.CustomAvatar);
        var plan = builder.UploadFile("plan \"v2\".txt", Encoding.UTF8.GetBytes("plan v2\n"));
        builder.CreateNote(s.WorkSpace, "**Plan** for Monday\n- one\n- two", plan);
        var (pasted, pastedPath) = builder.PasteImage(Bytes(1_234, 4));
        s.PastedImage = pasted;
        builder.CreateNote(s.PhotosSpace, $"Look: ![]({pastedPath})");
        var edited = builder.CreateNote(s.WorkSpace, "draft");
        builder.UpdateNote(edited, "final text ✓ 🎉\ttab \u0001 \\ \"quoted\"", plan);
        s.DeletedNote = builder.CreateNote(s.WorkSpace, "to delete", builder.UploadFile("old.bin", Bytes(10, 5)));
        builder.DeleteNote(s.DeletedNote);
        builder.UpdateNote(s.OldEditedNote, "edited after the upgrade", s.OldAttachment);
        s.TrashSpace = builder.CreateSpace("Trash");
        builder.CreateNote(s.TrashSpace, "in a deleted space");
        builder.DeleteSpace(s.TrashSpace);
        builder.UpdateSpace(s.PhotosSpace, "Photos 📷", s.CustomAvatar);
        builder.RemoveFromDraft(builder.UploadFile("second thoughts.txt", Bytes(50, 7)));
        s.MissingFile = builder.UploadFile("gone.txt", Bytes(77, 6));
        builder.CreateNote(s.WorkSpace, "its attachment was lost", s.MissingFile);
        File.Delete(Path.Combine(root, "files", $"{s.MissingFile}_gone.txt"));

        builder.WriteConfig(ConfigToml);
        builder.WriteConfigFile("theme_solar.toml", ThemeToml);
        builder.Dispose();
        return s;
    }

    /// <summary>Deterministic bytes (a PNG-ish header so image readers are not surprised).</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        "\u0089PNG"u8.ToArray().CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A hash of every file name and byte under a folder, to prove an import only read it.</summary>
    public static string HashFolder(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, path) + "\n"));
            if (File.Exists(path))
            {
                hash.AppendData(File.ReadAllBytes(path));
                hash.AppendData(BitConverter.GetBytes(File.GetLastWriteTimeUtc(path).Ticks));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Reads rows of the original database directly (raw SQL, read-only, no help from our code).</summary>
    /// <remarks>Reads a copy: opening a WAL database, even read-only, may create files beside it.</remarks>
    public static List<object?[]> Query(string databasePath, string sql)
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("dataans-original-read-").FullName, "copy.sqlite");
        File.Copy(databasePath, copy);
        if (File.Exists(databasePath + "-wal"))
        {
            File.Copy(databasePath + "-wal", copy + "-wal");
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static Guid Id(object? blob) => new((byte[])blob!, bigEndian: true);
}
