using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts.Sync;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// What one user keeps in the encrypted inbox: a published key, a capture link (and a revoked one) and
/// one sealed item posted with the link's token. The item's bytes carry recognisable text, as if the
/// server could read it, so that a response showing them is caught.
/// </summary>
internal sealed record InboxData(byte[] PublicKey, Guid Link, string CaptureToken, string RevokedCaptureToken, Guid Item, byte[] ItemBytes)
{
    public IEnumerable<string> Markers => [CaptureToken, Encoding.ASCII.GetString(ItemBytes.AsSpan(93)), Convert.ToBase64String(ItemBytes)];

    public static async Task<InboxData> CreateAsync(HttpClient owner, string label)
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var point = ecdh.ExportParameters(false).Q;
        byte[] publicKey = [0x04, .. point.X!, .. point.Y!];
        var key = new InboxKey { PublicKey = publicKey, SealedPrivateKey = UserData.Secret(label + "-inbox-private") };
        Ok(await owner.PutAsJsonAsync("v2/inbox/key", key, InboxJsonContext.Default.InboxKey));
        var link = await CreateLinkAsync(owner, label);
        var revoked = await CreateLinkAsync(owner, label + "-revoked");
        Ok(await owner.DeleteAsync($"v2/inbox/links/{revoked.Id}"));

        var item = Guid.NewGuid();
        var bytes = SealedLooking(item, UserData.Secret(label + "-captured-text"));
        using var capture = CaptureClient(owner.BaseAddress!, link.Token!);
        Ok(await capture.PostAsync("v2/capture/items", new ByteArrayContent(bytes)));
        return new InboxData(publicKey, link.Id, link.Token!, revoked.Token!, item, bytes);
    }

    /// <summary>Bytes shaped like a sealed item (magic, item id, 73 header bytes, then the body): the server checks only the shape.</summary>
    public static byte[] SealedLooking(Guid item, byte[] body)
    {
        var bytes = new byte[93 + Math.Max(body.Length, 16)];
        bytes[0] = 0x44;
        bytes[1] = 0x41;
        bytes[2] = 0x49;
        bytes[3] = 0x01;
        item.TryWriteBytes(bytes.AsSpan(4), bigEndian: true, out _);
        body.CopyTo(bytes, 93);
        return bytes;
    }

    public static HttpClient CaptureClient(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<CaptureLinkInfo> CreateLinkAsync(HttpClient owner, string label)
    {
        using var response = await owner.PostAsJsonAsync("v2/inbox/links", new CaptureLinkRequest { Label = label }, InboxJsonContext.Default.CaptureLinkRequest);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a capture link -> {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync(InboxJsonContext.Default.CaptureLinkInfo))!;
    }

    private static void Ok(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage} -> {(int)response.StatusCode}");
        }
    }
}
