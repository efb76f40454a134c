using System.Net;
using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>
/// A real dataans-server process whose data folder lives on a small file system (tmpfs) that is filled
/// up: pushes and uploads are answered 507 "storage full" (never 500), the server warns once instead
/// of logging errors, a device says what is wrong, and after space is freed everything is stored with
/// nothing lost.
/// </summary>
public sealed class FullDiskTests : IAsyncLifetime
{
    private readonly string _mount = Directory.CreateTempSubdirectory("dataans-full-disk-").FullName;

    public async Task InitializeAsync()
    {
        Assert.True(Processes.IsRoot, "Mounting a small file system needs root (the CI and the shared machine run as root).");
        await Processes.RunAsync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", _mount]);
    }

    public async Task DisposeAsync()
    {
        await Processes.RunAsync("umount", ["-l", _mount]);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task FullDisk_AnswersStorageFull_WarnsOnce_AndRecoversWithNothingLost()
    {
        await using var server = await ServerProcess.StartAsync("--data-dir", Path.Combine(_mount, "data"));
        var token = await server.AddUserAsync("frank");
        using var client = server.Client(token);
        var before = TestOps.Many(20);
        await TestOps.PushAsync(client, before);

        var filler = Path.Combine(_mount, "filler");
        await FillAsync(filler);
        var during = Enumerable.Range(0, 300).Select(_ => TestOps.New(size: 2000)).ToArray();
        var pushProblem = await TestOps.AssertProblemAsync(await client.PostAsync("v2/ops", TestOps.Body(during)), HttpStatusCode.InsufficientStorage);
        Assert.Equal("storage-full", pushProblem.GetProperty("code").GetString());
        Assert.Contains("no space left", pushProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var fileId = Guid.NewGuid();
        var fileBytes = RandomNumberGenerator.GetBytes(1024 * 1024);
        var uploadProblem = await TestOps.AssertProblemAsync(
            await client.PutAsync($"v2/files/{fileId}?offset=0", new ByteArrayContent(fileBytes)), HttpStatusCode.InsufficientStorage);
        Assert.Equal("storage-full", uploadProblem.GetProperty("code").GetString());

        // A device is told what is wrong, as a failure worth retrying.
        await using var device = await Device.CreateAsync();
        await device.UseKeyAsync(server.BaseAddress, token, await KeyDerivation.DeriveKeyAsync("full disk", "Full-Disk-Pass-Phrase", 1_000));
        var space = await device.Store.CreateSpaceAsync("Notes");
        for (var i = 0; i < 200; i++)
        {
            await device.Store.CreateNoteAsync(space.Id, $"note {i} " + new string('x', 3000));
        }

        var refused = await device.Engine.SyncAsync();
        Assert.False(refused.Success);
        Assert.Contains("the sync server's storage is full", refused.Message, StringComparison.OrdinalIgnoreCase);

        Assert.Empty(server.ErrorLines());
        Assert.Single(server.Output, line => line.Contains("The server's storage is full", StringComparison.Ordinal));

        File.Delete(filler);
        var stored = await TestOps.PushAsync(client, during);
        Assert.Equal(during.Length, stored.Accepted);
        await UploadAsync(client, fileId, fileBytes);
        var synced = await device.Engine.SyncAsync();
        Assert.True(synced.Success, synced.Message);

        var head = (await TestOps.PullAsync(client, 0, limit: 1)).Head;
        var all = new List<Guid>();
        for (var after = 0L; after < head;)
        {
            var page = await TestOps.PullAsync(client, after, limit: 1000);
            all.AddRange(page.Ops.Select(o => o.Id));
            after = page.Ops[^1].Seq;
        }

        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Superset(before.Concat(during).Select(o => o.Id).ToHashSet(), all.ToHashSet());
        Assert.Equal(before.Length + during.Length + synced.Pushed + refused.Pushed, all.Count);
        Assert.Equal(SHA256.HashData(fileBytes), SHA256.HashData(await client.GetByteArrayAsync($"v2/files/{fileId}")));
        Assert.Empty(server.ErrorLines());
        Figures.Record("faults", "full disk: pushes and uploads answered 507", 3);
    }

    private static async Task UploadAsync(HttpClient client, Guid id, byte[] bytes)
    {
        // The refused upload may have stored a prefix: resume from the offset the server reports.
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/files/{id}"));
        var offset = head.IsSuccessStatusCode ? long.Parse(head.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        (await client.PutAsync($"v2/files/{id}?offset={offset}", new ByteArrayContent(bytes[(int)offset..]))).EnsureSuccessStatusCode();
        (await client.PostAsync($"v2/files/{id}/complete?length={bytes.Length}", null)).EnsureSuccessStatusCode();
    }

    /// <summary>Writes until the file system has no space left.</summary>
    private static async Task FillAsync(string path)
    {
        var chunk = new byte[1024 * 1024];
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                await stream.WriteAsync(chunk);
            }
        }
        catch (IOException)
        {
            // Full.
        }

        chunk = new byte[4096];
        try
        {
            while (true)
            {
                await stream.WriteAsync(chunk);
            }
        }
        catch (IOException)
        {
            // Full to the last page.
        }
    }
}
