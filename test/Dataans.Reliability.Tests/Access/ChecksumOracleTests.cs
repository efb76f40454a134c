using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Model;
using Dataans.Core.Operations;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Issue 14, item 2: "checksums are not an oracle for file names". The review's oracle, run by the
/// operator of a real dataans-server process against what it stored: for every stored operation, every
/// stored file id and every name of a dictionary, recompute the seed digest of the <c>CreateFile</c>
/// record the client would have written (the server knows every other field: the id names the stored
/// object, the times are the operation's) and of <c>DeleteFile</c>, and compare it with the stored
/// checksum. On an account synced over v1 (the original's protocol, which keeps the seed digest) it
/// names every attachment and the avatar, so the oracle works; on a v2 account, whose checksums are
/// keyed, it finds nothing, while a second device that derived its key from the password and
/// passphrase reads every operation and every file name.
/// </summary>
public sealed class ChecksumOracleTests(ITestOutputHelper output)
{
    private const string Password = "oracle password";
    private const string Passphrase = "Oracle-Pass-Phrase-Words";

    private static readonly string[] Attachments = ["tax-return-2025.pdf", "passport-scan.jpg", "medical-report.pdf"];

    [Fact]
    public async Task Oracle_NamesEveryFileOnV1_AndNothingOnAV2Account()
    {
        await using var server = await ServerProcess.StartAsync("--auth", "token");
        var v1Token = await server.AddUserAsync("seed-protocol");
        var v2Token = await server.AddUserAsync("keyed-protocol");

        await using var v1Device = await Device.CreateAsync();
        await v1Device.Account.SignInAsync(server.BaseAddress, v1Token, Password, Passphrase);
        await WriteAndSyncAsync(v1Device, new SyncOptions(SyncProtocol.V1));

        // Every device derives the same checksum key: a second device reads all of it, names included.
        await using var v2Device = await Device.CreateAsync();
        await v2Device.Account.SignInAsync(server.BaseAddress, v2Token, Password, Passphrase);
        await using var second = await Device.CreateAsync();
        await second.Account.SignInAsync(server.BaseAddress, v2Token, Password, Passphrase);
        await WriteAndSyncAsync(v2Device, new SyncOptions(), async () =>
        {
            var result = await second.SyncAsync();
            Assert.Equal(0, result.Quarantined);
            var export = await second.ExportAsync();
            Assert.All(Attachments, name => Assert.Contains(name, export, StringComparison.Ordinal));
        });
        Assert.Equal(0, (await second.SyncAsync()).Quarantined); // the deletions too

        var fileIds = StoredFileIds(server.DataDir);
        var dictionary = Dictionary();
        var v1Hits = Oracle(StoredOperations(server.DataDir, "seed-protocol"), fileIds, dictionary);
        var v2Hits = Oracle(StoredOperations(server.DataDir, "keyed-protocol"), fileIds, dictionary);
        output.WriteLine($"{fileIds.Count} stored file ids, {dictionary.Count} candidate names; v1 account: {string.Join(", ", v1Hits)}; v2 account: {v2Hits.Count} hits");

        // Not vacuous: on the seed digest the oracle names each attachment, the avatar and each deletion.
        foreach (var name in Attachments)
        {
            Assert.Contains($"CreateFile {name}", v1Hits);
        }

        Assert.Contains("CreateFile avatar", v1Hits);
        Assert.Equal(Attachments.Length, v1Hits.Count(hit => hit.StartsWith("DeleteFile", StringComparison.Ordinal)));
        Assert.Empty(v2Hits);
    }

    /// <summary>A space, a note with the attachments, synced; then the note deleted (a DeleteFile per attachment) and synced.</summary>
    private static async Task WriteAndSyncAsync(Device device, SyncOptions options, Func<Task>? beforeDeleting = null)
    {
        var space = await device.Store.CreateSpaceAsync("Private");
        var note = await device.Store.CreateNoteAsync(space.Id, "scans", [.. Attachments.Select(name =>
            new AttachmentSource(name, _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes("bytes of " + name)))))]);
        await device.SyncAsync(options);
        await (beforeDeleting?.Invoke() ?? Task.CompletedTask);
        await device.Store.DeleteNoteAsync(note.Id);
        await device.SyncAsync(options);
    }

    /// <summary>What the operator runs: every (operation, file id, name) against the stored checksum.</summary>
    private static List<string> Oracle(IReadOnlyList<(Guid Id, Timestamp CreatedAt, byte[] Checksum)> operations, IReadOnlyList<Guid> fileIds, IReadOnlyList<string> names)
    {
        var hits = new List<string>();
        foreach (var (id, time, checksum) in operations)
        {
            foreach (var fileId in fileIds)
            {
                if (Matches(new OperationRecord(id, time, new DeleteFile(fileId)), checksum))
                {
                    hits.Add($"DeleteFile {fileId}");
                }

                var avatar = $"{fileId}.png";
                if (Matches(new OperationRecord(id, time, new CreateFile(new FilePayload(fileId, avatar, avatar, time, time, false))), checksum))
                {
                    hits.Add("CreateFile avatar");
                }

                foreach (var name in names)
                {
                    var payload = new FilePayload(fileId, name, $"{fileId}_{name}", time, time, false);
                    if (Matches(new OperationRecord(id, time, new CreateFile(payload)), checksum))
                    {
                        hits.Add($"CreateFile {name}");
                    }
                }
            }
        }

        return hits;
    }

    private static bool Matches(OperationRecord guess, byte[] checksum) => OperationDigest.Compute(guess).AsSpan().SequenceEqual(checksum);

    /// <summary>A dictionary of likely attachment names (the real ones among a few hundred others).</summary>
    private static List<string> Dictionary()
    {
        string[] stems = ["invoice", "contract", "scan", "photo", "resume", "cv", "report", "statement", "bank-statement", "receipt",
            "passport", "passport-scan", "id-card", "tax-return", "tax-return-2024", "tax-return-2025", "medical-report", "lab-results",
            "payslip", "lease", "will", "diagnosis", "letter", "notes", "budget", "IMG_0001", "document", "backup", "keys", "password"];
        string[] extensions = [".pdf", ".jpg", ".png", ".docx", ".txt", ".xlsx", ".zip", ".heic"];
        return [.. stems.SelectMany(stem => extensions.Select(extension => stem + extension))];
    }

    /// <summary>The file ids the operator sees: the names of the stored objects in the server's files folder.</summary>
    private static List<Guid> StoredFileIds(string dataDir) =>
        [.. Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Select(name => Guid.TryParse(name, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Distinct()];

    /// <summary>The operator reads the operations a user stored straight from the server's database.</summary>
    private static List<(Guid Id, Timestamp CreatedAt, byte[] Checksum)> StoredOperations(string dataDir, string user)
    {
        var database = Directory.GetFiles(dataDir, "*.sqlite", SearchOption.AllDirectories).Single();
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT o.id, o.created_at, o.checksum FROM operations o JOIN users u ON u.id = o.user_id WHERE u.name = $user ORDER BY o.seq";
        command.Parameters.AddWithValue("$user", user);
        using var reader = command.ExecuteReader();
        var result = new List<(Guid, Timestamp, byte[])>();
        while (reader.Read())
        {
            result.Add((new Guid((byte[])reader.GetValue(0), bigEndian: true), new Timestamp(reader.GetInt64(1)), (byte[])reader.GetValue(2)));
        }

        Assert.True(result.Count >= 8, $"{user} stored {result.Count} operations.");
        return result;
    }
}
