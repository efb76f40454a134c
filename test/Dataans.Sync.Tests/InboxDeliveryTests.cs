using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dataans.Contracts.Sync;
using Dataans.Core.Inbox;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>
/// Issue 16 end to end through a real dataans-server: a capture sealed with only the link becomes one
/// note (with its file) in the "Inbox" space on every device, even when two devices deliver it at the
/// same time; the sealed item is gone afterwards; an item that cannot be opened stays and is reported;
/// the captured text is never in the server's files.
/// </summary>
public sealed class InboxDeliveryTests : ServerAndDevicesTest
{
    [Fact]
    public async Task Capture_BecomesOneNoteOnBothDevices_WhenTheyDeliverAtOnce_AndNeverReachesTheServerInClear()
    {
        var (first, second) = (await KeyedDeviceAsync(), await KeyedDeviceAsync());
        await first.SyncAsync(); // the account's first sync creates the inbox key
        await second.SyncAsync();
        var (_, url) = await CaptureLinks.CreateAsync(first.Store, "test", null, CancellationToken.None);
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        var image = Encoding.ASCII.GetBytes("png-canary-" + Guid.NewGuid().ToString("N"));
        await CaptureSender.SendAsync(url, new CaptureContent($"Buy milk {canary}", DateTimeOffset.UtcNow, [new CaptureFile("photo.png", "image/png", image)]));

        Assert.Empty(ServerFilesContaining(canary, image)); // stored sealed only

        var results = await Task.WhenAll(first.SyncAsync(), second.SyncAsync());
        Assert.True(results.Sum(r => r.InboxDelivered) >= 1, string.Join(" / ", results.Select(r => r.Message)));
        await first.SyncAsync();
        await second.SyncAsync();

        foreach (var device in new[] { first, second })
        {
            var inbox = Assert.Single(await device.Store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
            var note = Assert.Single(await device.Store.ListNotesAsync(inbox.Id));
            Assert.Equal($"Buy milk {canary}", note.Text);
            var file = Assert.Single(note.Files);
            Assert.Equal(image, await File.ReadAllBytesAsync(device.Store.Files.Resolve(file.Path)!));
        }

        Assert.Equal(await first.ExportAsync(), await second.ExportAsync());
        using var owner = Server.Client(Token);
        Assert.Empty((await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList))!.Items);
        Assert.Empty(ServerFilesContaining(canary, image)); // the note's operations and file went up encrypted
    }

    [Fact]
    public async Task ItemThatCannotBeOpened_IsKeptAndReported_AndTheRevokedLinkStopsAtOnce()
    {
        var device = await KeyedDeviceAsync();
        await device.SyncAsync();
        var (link, url) = await CaptureLinks.CreateAsync(device.Store, "bad sender", null, CancellationToken.None);
        var (_, token, publicKey) = CaptureSender.ParseLink(url);
        var forged = InboxSeal.Seal(publicKey, Guid.NewGuid(), new CaptureContent("ok", DateTimeOffset.UtcNow, []).Encode());
        forged[^1] ^= 1; // the tag no longer matches
        using (var capture = new HttpClient { BaseAddress = Server.BaseAddress })
        {
            capture.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await capture.PostAsync("v2/capture/items", new ByteArrayContent(forged));
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        var result = await device.SyncAsync();
        var again = await device.SyncAsync();

        Assert.Equal((0, 1), (result.InboxDelivered, result.InboxUnopened));
        Assert.Contains("1 inbox item could not be opened", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, again.InboxUnopened);
        using var owner = Server.Client(Token);
        Assert.Single((await owner.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList))!.Items);

        await CaptureLinks.RevokeAsync(device.Store, link.Id.ToString()[..8], CancellationToken.None);
        var refused = await Assert.ThrowsAsync<Dataans.Core.Sync.SyncException>(
            () => CaptureSender.SendAsync(url, new CaptureContent("after revoke", DateTimeOffset.UtcNow, [])));
        Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
    }


    /// <summary>Files under the server's data folder (database, WAL, stored files) holding the text or the bytes.</summary>
    private List<string> ServerFilesContaining(string text, byte[] bytes)
    {
        var needles = new[] { Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text), bytes };
        return [.. Directory.GetFiles(Server.DataDir, "*", SearchOption.AllDirectories)
            .Where(path => ReadShared(path) is { } content && needles.Any(needle => content.AsSpan().IndexOf(needle) >= 0))];
    }

    private static byte[]? ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
