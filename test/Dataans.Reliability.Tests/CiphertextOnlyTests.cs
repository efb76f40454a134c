using System.Security.Cryptography;
using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Issue 7, item 4: a corpus with a unique canary in note text, space names, file names and file bytes
/// goes through the real sync engine to a real server; afterwards nothing the server keeps (database
/// bytes, WAL, files, pg_dump, object store, its Trace-level log) contains the canary in clear, while
/// the client's own data folder does.
/// </summary>
public sealed class CiphertextOnlyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";
    private readonly Canary _canary = new();
    private readonly List<Device> _devices = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }
    }

    [Fact]
    public async Task SqliteAndFolderServer_NeverStoresOrLogsTheCanary()
    {
        await using var server = await ServerInstance.StartLoggedAsync(LogLevel.Trace);
        var client = await SyncCorpusAsync(server);

        var database = await _canary.CountInFolderAsync(server.DataDir);
        var logs = _canary.CountIn(server.Logs.Text());
        output.WriteLine($"canary hits: server data dir (server.sqlite, -wal, -shm, files/) {database}, log ({server.Logs.Count} entries) {logs}; client data folder {client}");
        Figures.Record("canary", "SQLite + folder server data hits", database);
        Figures.Record("canary", "SQLite + folder server log hits", logs);
        Figures.Record("canary", "client data folder (control, must be > 0)", client);

        Assert.Contains(Directory.EnumerateFiles(server.DataDir, "server.sqlite*"), _ => true);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(server.DataDir, "files"), "*", SearchOption.AllDirectories));
        AssertNoLeak(database, logs, server.Logs);
    }

    [Fact]
    public async Task PostgresAndS3Server_NeverStoresOrLogsTheCanary()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("canary");
        var s3 = await S3rver.GetAsync();
        await using var server = await ServerInstance.StartLoggedAsync(LogLevel.Trace, ["--operations-store", "postgres", "--postgres", connectionString, .. s3.ServerArgs()]);
        var client = await SyncCorpusAsync(server);

        var dump = await Processes.RunAsync(PgDump,
        [
            "-h", "127.0.0.1", "-p", cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            new NpgsqlConnectionStringBuilder(connectionString).Database!,
        ], asPostgres: true);
        var inDump = _canary.CountIn(dump);
        var inObjects = await _canary.CountInFolderAsync(s3.Dir);
        var inDataDir = await _canary.CountInFolderAsync(server.DataDir);
        var logs = _canary.CountIn(server.Logs.Text());
        output.WriteLine($"canary hits: pg_dump ({dump.Length} chars) {inDump}, s3rver folder {inObjects}, server data dir {inDataDir}, log ({server.Logs.Count} entries) {logs}; client data folder {client}");
        Figures.Record("canary", "pg_dump hits", inDump);
        Figures.Record("canary", "S3 object store hits", inObjects);
        Figures.Record("canary", "PostgreSQL + S3 server data dir and log hits", inDataDir + logs);

        Assert.Contains("COPY public.operations", dump, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(s3.Dir, "*", SearchOption.AllDirectories));
        Assert.Equal(0, inDump);
        Assert.Equal(0, inObjects);
        AssertNoLeak(inDataDir, logs, server.Logs);
    }

    /// <summary>Syncs the corpus from one device to a second; returns the canary count in the first device's data folder.</summary>
    private async Task<int> SyncCorpusAsync(ServerInstance server)
    {
        var token = await server.AddUserAsync("canary");
        var key = await KeyDerivation.DeriveKeyAsync("canary password", "Canary-Test-Pass-Phrase", 1_000);
        var writer = await NewDeviceAsync(server, token, key);
        var space = await writer.Store.CreateSpaceAsync($"Space {_canary.Text}");
        var fileBytes = FileBytes();
        var attachments = new[]
        {
            new AttachmentSource($"{_canary.Text}.txt", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes($"short file {_canary.Text}")))),
            new AttachmentSource($"report-{_canary.Text}.bin", _ => Task.FromResult<Stream>(new MemoryStream(fileBytes))),
        };
        var note = await writer.Store.CreateNoteAsync(space.Id, $"# Plan\n\nThe code word is **{_canary.Text}**.", attachments);
        await writer.Store.CreateNoteAsync(space.Id, $"{_canary.Text} {_canary.Text}");
        await writer.Store.UpdateNoteAsync(note.Id, $"# Plan (edited)\n\n`{_canary.Text}` moved.");
        var renamed = await writer.Store.CreateSpaceAsync("Second");
        await writer.Store.RenameSpaceAsync(renamed.Id, $"Renamed {_canary.Text}");
        var pushed = await writer.SyncAsync();
        Assert.True(pushed.FilesUploaded >= 2, $"{pushed.FilesUploaded} files uploaded");

        // The canary really went through the server: a second device reads it back.
        var reader = await NewDeviceAsync(server, token, key);
        await reader.SyncAsync();
        Assert.Equal(await writer.ExportAsync(), await reader.ExportAsync());
        Assert.Contains(_canary.Text, (await reader.Store.GetNoteAsync(note.Id)).Text, StringComparison.Ordinal);

        // Not vacuous: the client's own (unencrypted) data folder holds the canary in its database and its files.
        var inDatabase = await _canary.CountUtf8InFolderAsync(Path.Combine(writer.Root, "db"));
        var inFiles = await _canary.CountUtf8InFolderAsync(Path.Combine(writer.Root, "files"));
        Assert.True(inDatabase > 0, "The client's database does not contain the canary; the test would prove nothing.");
        Assert.True(inFiles > 0, "The client's files folder does not contain the canary; the test would prove nothing.");
        return inDatabase + inFiles;
    }

    /// <summary>Large enough for several encrypted chunks, with the canary at the start, across chunk-sized offsets and at the end.</summary>
    private byte[] FileBytes()
    {
        var canary = Encoding.UTF8.GetBytes(_canary.Text);
        var bytes = RandomNumberGenerator.GetBytes(600_000);
        foreach (var offset in new[] { 0, 65_530, 131_070, 300_000, bytes.Length - canary.Length })
        {
            canary.CopyTo(bytes, offset);
        }

        return bytes;
    }

    private async Task<Device> NewDeviceAsync(ServerInstance server, string token, EncryptionKey key)
    {
        var device = await Device.CreateAsync();
        _devices.Add(device);
        await device.UseKeyAsync(server.BaseAddress, token, key);
        return device;
    }

    private static void AssertNoLeak(int inStore, int inLogs, CapturedLogs logs)
    {
        Assert.True(logs.Count > 0, "The server logged nothing at Trace level; the log check would prove nothing.");
        Assert.Equal(0, logs.CountAtLeast(LogLevel.Error));
        Assert.Equal(0, inStore);
        Assert.Equal(0, inLogs);
    }
}
