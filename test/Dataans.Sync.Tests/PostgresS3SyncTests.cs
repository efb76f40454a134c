using Dataans.Core.Model;
using Npgsql;

namespace Dataans.Sync.Tests;

/// <summary>
/// The main two-device story against a server that keeps operations in PostgreSQL and files in S3
/// (s3rver), the production-like backends, instead of SQLite and a folder.
/// </summary>
public sealed class PostgresS3SyncTests : ServerAndDevicesTest
{
    private const string Password = "correct horse battery staple";
    private string _postgres = null!;
    private string _s3Folder = null!;

    protected override async Task<string[]> ServerArgsAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        _postgres = await cluster.CreateDatabaseAsync("sync");
        var s3 = await S3rver.GetAsync();
        var s3Args = s3.ServerArgs();
        var prefix = s3Args[Array.IndexOf(s3Args, "--s3-prefix") + 1];
        _s3Folder = Path.Combine(s3.Dir, S3rver.Bucket, prefix.TrimEnd('/'));
        return ["--operations-store", "postgres", "--postgres", _postgres, .. s3Args];
    }

    [Fact]
    public async Task TwoDevices_NotesAttachmentEditsAndAConflict_ConvergeThroughPostgresAndS3()
    {
        var a = await NewDeviceAsync();
        var (profile, _) = await a.Account.SignInAsync(Server.BaseAddress, Token, Password, null);
        var space = await a.Store.CreateSpaceAsync("Work");
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(400_000);
        var attachment = new AttachmentSource("measurements.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)));
        var report = await a.Store.CreateNoteAsync(space.Id, "Quarterly report, see attachment", [attachment]);
        var plan = await a.Store.CreateNoteAsync(space.Id, "Plan: 東京で会議 at 10");
        var first = await a.SyncAsync();
        Assert.Equal(2, first.FilesUploaded); // the avatar and the attachment

        var b = await NewDeviceAsync();
        await b.Account.SignInAsync(Server.BaseAddress, Token, Password, profile.Passphrase);
        var second = await b.SyncAsync();
        Assert.Equal(2, second.FilesDownloaded);
        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
        var copy = Assert.Single((await b.Store.GetNoteAsync(report.Id)).Files);
        Assert.Equal(FileStatus.ExistAndUploaded, copy.Status);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(b.Store.Files.Resolve(copy.Path)!));

        await b.Store.UpdateNoteAsync(plan.Id, "Plan: 東京で会議 moved to 11");
        await b.SyncAsync();
        await a.SyncAsync();
        Assert.Equal("Plan: 東京で会議 moved to 11", (await a.Store.GetNoteAsync(plan.Id)).Text);
        await a.Store.UpdateNoteAsync(report.Id, "Quarterly report (final), see attachment");
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.Equal("Quarterly report (final), see attachment", (await b.Store.GetNoteAsync(report.Id)).Text);

        await a.Store.UpdateNoteAsync(plan.Id, "Plan: A says 12");
        await b.Store.UpdateNoteAsync(plan.Id, "Plan: B says 13");
        await a.SyncAsync();
        await b.SyncAsync();
        await a.SyncAsync();

        Assert.Equal(await a.ExportAsync(), await b.ExportAsync());
        foreach (var device in new[] { a, b })
        {
            var current = await device.Store.GetNoteAsync(plan.Id);
            Assert.Equal("Plan: B says 13", current.Text);
            Assert.True(current.HasConflict);
            Assert.Equal("Plan: A says 12", Assert.Single(await device.Store.GetHistoryAsync(plan.Id), version => version.IsConflict).Text);
            var file = Assert.Single((await device.Store.GetNoteAsync(report.Id)).Files);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(device.Store.Files.Resolve(file.Path)!));
        }

        await AssertStoredInPostgresAndS3Async(a, bytes.Length);
    }

    /// <summary>The backends really were PostgreSQL and S3: the operations are rows, the files objects under the prefix.</summary>
    private async Task AssertStoredInPostgresAndS3Async(Device first, int attachmentSize)
    {
        var (total, pending) = await first.Store.SyncLedger.CountOperationsAsync();
        Assert.Equal(0, pending);
        await using (var connection = new NpgsqlConnection(_postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM operations o JOIN users u ON u.id = o.user_id WHERE u.name = 'alice'", connection);
            Assert.Equal(total, (long)(await command.ExecuteScalarAsync())!);
        }

        var objects = Directory.Exists(_s3Folder) ? Directory.GetFiles(_s3Folder, "*", SearchOption.AllDirectories) : [];
        Assert.True(objects.Sum(path => new FileInfo(path).Length) > attachmentSize, $"s3rver holds {objects.Length} files under the test's prefix");
        var folderStore = Path.Combine(Server.DataDir, "files");
        Assert.False(Directory.Exists(folderStore) && Directory.EnumerateFiles(folderStore, "*", SearchOption.AllDirectories).Any());
    }
}
