using System.Globalization;
using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Inbox;
using Dataans.Core.Storage;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Issue 16's canary on the production storage: a server on PostgreSQL (<c>--operations-store postgres</c>)
/// and S3 (s3rver), logging at Trace, receives captures whose text, file name and file bytes hold a
/// unique canary, and a device delivers them. Neither <c>pg_dump</c> of its database (while the sealed
/// items wait, and after delivery), nor the PostgreSQL cluster's own files (tables, dead rows, WAL), nor
/// the s3rver folder, the server's data folder or its log holds the canary in clear, hex or base64.
/// </summary>
public sealed class InboxCanaryPostgresS3Tests(ITestOutputHelper output)
{
    private const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";

    [Fact]
    public async Task CapturedText_AndFile_NeverInPostgres_S3_OrTheLog()
    {
        var canary = new Canary();
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("inboxcanary");
        var s3 = await S3rver.GetAsync();
        await using var server = await ServerInstance.StartLoggedAsync(LogLevel.Trace, ["--operations-store", "postgres", "--postgres", connectionString, .. s3.ServerArgs()]);
        var token = await server.AddUserAsync("canary");
        var key = await KeyDerivation.DeriveKeyAsync("canary password", "Inbox-Canary-Pass-Phrase", 1_000);
        await using var device = await Device.CreateAsync();
        await device.UseKeyAsync(server.BaseAddress, token, key);
        await device.SyncAsync();
        var (_, link) = await CaptureLinks.CreateAsync(device.Store, "canary", null, CancellationToken.None);
        var photo = Encoding.UTF8.GetBytes($"\u0089PNG fake image bytes {canary.Text} end");
        var firstItem = await CaptureSender.SendAsync(link, new CaptureContent($"Call the dentist {canary.Text}", DateTimeOffset.UtcNow, []));
        await CaptureSender.SendAsync(link, new CaptureContent(canary.Text, DateTimeOffset.UtcNow, [new CaptureFile($"{canary.Text}.png", "image/png", photo)]));
        var waitingDump = await DumpAsync(cluster, connectionString);

        var delivered = await device.SyncAsync();

        Assert.Equal(2, delivered.InboxDelivered);
        var inbox = Assert.Single(await device.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
        var notes = await device.Store.ListNotesAsync(inbox.Id);
        Assert.All(notes, note => Assert.Contains(canary.Text, note.Text, StringComparison.Ordinal));
        Assert.Equal(photo, await File.ReadAllBytesAsync(device.Store.Files.Resolve(notes.Single(note => note.Files.Count == 1).Files[0].Path)!));
        var deliveredDump = await DumpAsync(cluster, connectionString);

        var hits = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["pg_dump while waiting"] = canary.CountIn(waitingDump),
            ["pg_dump after delivery"] = canary.CountIn(deliveredDump),
            ["PostgreSQL cluster files (incl. WAL)"] = await canary.CountInFolderAsync(Path.Combine(cluster.Dir, "data")),
            ["s3rver folder"] = await canary.CountInFolderAsync(s3.Dir),
            ["server data folder"] = await canary.CountInFolderAsync(server.DataDir),
            ["server log (Trace)"] = canary.CountIn(server.Logs.Text()),
        };
        output.WriteLine("canary hits: " + string.Join(", ", hits.Select(hit => $"{hit.Key} {hit.Value}")));
        Figures.Record("canary", "inbox captures: PostgreSQL + S3 hits (dumps, cluster files, objects, data folder, log)", hits.Values.Sum());

        Assert.Contains(Convert.ToHexStringLower(firstItem.ToByteArray(bigEndian: true)), waitingDump, StringComparison.Ordinal); // the sealed items were in the dump
        Assert.DoesNotContain(Convert.ToHexStringLower(firstItem.ToByteArray(bigEndian: true)), deliveredDump, StringComparison.Ordinal); // and deleted once delivered
        Assert.NotEmpty(Directory.EnumerateFiles(s3.Dir, "*", SearchOption.AllDirectories)); // the photo went to S3, encrypted
        Assert.True(server.Logs.Count > 0, "The server logged nothing at Trace level; the log check would prove nothing.");
        Assert.Equal(0, server.Logs.CountAtLeast(LogLevel.Error));
        Assert.All(hits, hit => Assert.True(hit.Value == 0, $"The canary is in the {hit.Key} ({hit.Value} times)."));
    }

    private static Task<string> DumpAsync(PostgresCluster cluster, string connectionString) => Processes.RunAsync(PgDump,
    [
        "-h", "127.0.0.1", "-p", cluster.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
        new NpgsqlConnectionStringBuilder(connectionString).Database!,
    ], asPostgres: true);
}
