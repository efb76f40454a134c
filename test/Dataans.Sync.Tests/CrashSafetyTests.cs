using System.Diagnostics;
using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// Kills a real `dataans sync now` process at 23 points across pull, apply, push and file transfer
/// (DATAANS_CRASH_AT), restarts the sync, and checks that the devices converge with no lost or
/// duplicated operation, an intact database, no partial file visible and nothing left under the files folder that no row names.
/// </summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private Device _a = null!;
    private string _pristineB = null!;
    private EncryptionKey _key = null!;
    private readonly Dictionary<string, byte[]> _attachments = [];

    public static TheoryData<string> CrashPoints => new(
        "sync.pull.received:1", "sync.pull.received:3", "sync.apply.in-transaction:1", "sync.apply.in-transaction:4",
        "sync.apply.committed:2", "sync.apply.committed:5", "sync.repair.compared:1", "sync.push.before:1", "sync.push.sent:1",
        "sync.push.marked:1", "sync.cursor.after-push:1", "file.upload.encrypted:1", "file.upload.partial:1", "file.upload.partial:2",
        "file.upload.before-complete:1", "file.upload.completed:1", "file.upload.finishing:1", "file.download.partial:1", "sync.apply.in-transaction:2",
        "file.download.downloaded:1", "file.download.decrypted:1", "file.download.moved:1", "file.download.moved:2");

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _key = await SyncScenarioTests.TestKeyAsync();
        _a = await Device.CreateAsync();
        for (var s = 0; s < 2; s++)
        {
            var space = await _a.Store.CreateSpaceAsync($"Space {s}");
            for (var i = 0; i < 600; i++)
            {
                await _a.Store.CreateNoteAsync(space.Id, $"note {s}/{i}");
            }

            await _a.Store.CreateNoteAsync(space.Id, "with a file", [await AttachmentAsync(_a.Root, $"a{s}.bin")]);
        }

        var b = await Device.CreateAsync();
        var bSpace = await b.Store.CreateSpaceAsync("B's space");
        for (var i = 0; i < 30; i++)
        {
            await b.Store.CreateNoteAsync(bSpace.Id, $"from B {i}");
        }

        await b.Store.CreateNoteAsync(bSpace.Id, "B's file", [await AttachmentAsync(b.Root, "b.bin")]);
        _pristineB = Directory.CreateTempSubdirectory("dataans-pristine-").FullName;
        b.Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        CopyDirectory(b.Root, _pristineB);
        await b.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_pristineB, recursive: true);
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task KilledSync_RecoversAndConverges(string crashPoint)
    {
        var user = "u" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var token = await _server.AddUserAsync(user);
        await StartOverAsync(_a, token);
        await _a.SyncAsync();
        var bRoot = Directory.CreateTempSubdirectory("dataans-crash-").FullName;
        try
        {
            CopyDirectory(_pristineB, bRoot);
            await new ProfileStore(bRoot).SaveAsync(new UserProfile { ServerUrl = _server.BaseAddress, AuthMode = AuthMode.Token, AuthToken = token, SecretKey = _key, Passphrase = "Test-Pass-Phrase" });

            var (code, stderr) = await RunCliSyncAsync(bRoot, crashPoint);
            Assert.True(code != 0 && stderr.Contains("crash point", StringComparison.Ordinal), $"the crash point was not reached (exit {code}): {stderr}");

            await using var b = await OpenDeviceAsync(bRoot);
            await b.SyncAsync();
            await _a.SyncAsync();
            await b.SyncAsync();

            Assert.Equal(await _a.ExportAsync(), await b.ExportAsync());
            Assert.Equal("ok", await IntegrityAsync(b.Store));
            var (total, pending) = await b.Store.SyncLedger.CountOperationsAsync();
            Assert.Equal(0, pending);
            Assert.Equal(total, await ServerOperationCountAsync(user));
            Assert.Equal(total, (await _a.Store.SyncLedger.CountOperationsAsync()).Total);
            await AssertFilesCompleteAsync(b);
            await CrashedCli.AssertFilesFolderCleanAsync(b.Store, _attachments);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(bRoot))
            {
                Directory.Delete(bRoot, recursive: true);
            }
        }
        Figures.Record("crash", $"sync killed at {crashPoint} survived", 1);
    }

    private async Task AssertFilesCompleteAsync(Device device)
    {
        foreach (var space in await device.Store.ListSpacesAsync())
        {
            foreach (var note in await device.Store.ListNotesAsync(space.Id, 1000))
            {
                foreach (var file in note.Files)
                {
                    Assert.Equal(FileStatus.ExistAndUploaded, file.Status);
                    Assert.Equal(_attachments[file.Name], await File.ReadAllBytesAsync(device.Store.Files.Resolve(file.Path)!));
                }
            }
        }

        // Nothing staged is left behind: the killed process's staging folder went when the store reopened (only
        // this process's own lock file, if it staged anything, may remain).
        var staging = Path.Combine(device.Store.Files.Root, ".staging");
        Assert.True(!Directory.Exists(staging) || Directory.GetFiles(staging, "*", SearchOption.AllDirectories).All(path => path.EndsWith(".lock", StringComparison.Ordinal)));
    }

    private async Task<Device> OpenDeviceAsync(string root)
    {
        var device = await Device.OpenAsync(root);
        return device;
    }

    private async Task<AttachmentSource> AttachmentAsync(string root, string name)
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        _attachments[name] = bytes;
        var path = Path.Combine(root, name);
        await File.WriteAllBytesAsync(path, bytes);
        return AttachmentSource.FromPath(path);
    }

    /// <summary>Points device A at a fresh server account: everything is pending again.</summary>
    private async Task StartOverAsync(Device device, string token)
    {
        await device.UseKeyAsync(_server.BaseAddress, token, _key);
        await device.Store.SyncLedger.ResetPositionAsync();
        await using var connection = await device.Store.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE operations SET is_pushed = 0; UPDATE files SET is_uploaded = 0; DELETE FROM file_uploads;";
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ServerOperationCountAsync(string user)
    {
        var database = Directory.GetFiles(_server.DataDir, "*.sqlite", SearchOption.AllDirectories).First();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=false;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM operations o JOIN users u ON u.id = o.user_id WHERE u.name = $name";
        command.Parameters.AddWithValue("$name", user);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> IntegrityAsync(DataansStore store)
    {
        await using var connection = await store.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(int Code, string Stderr)> RunCliSyncAsync(string dataDir, string crashPoint)
    {
        var info = new ProcessStartInfo("dotnet", [CliPath(), "sync", "now", "--data-dir", dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment["DATAANS_CRASH_AT"] = crashPoint;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static string CliPath()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Processes.RepoRoot(), "src", "Dataans.App", "bin", configuration, "net10.0", "dataans.dll");
        Assert.True(File.Exists(path), $"Build the app first: {path} is missing.");
        return path;
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, target, StringComparison.Ordinal), overwrite: true);
        }
    }
}
