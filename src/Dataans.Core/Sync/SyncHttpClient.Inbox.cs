using System.Net;
using System.Net.Http.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

/// <summary>The owner's inbox routes: key, capture links and sealed items (docs/formats.md, "Encrypted inbox").</summary>
internal sealed partial class SyncHttpClient
{
    /// <summary>The account's inbox key, or null when none is stored yet.</summary>
    public async Task<InboxKey?> GetInboxKeyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/inbox/key"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, InboxJsonContext.Default.InboxKey, cancellationToken);
    }

    /// <summary>Stores the key unless one exists; returns the key the server holds afterwards (maybe another device's).</summary>
    public async Task<InboxKey> PutInboxKeyAsync(InboxKey key, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "v2/inbox/key") { Content = JsonContent.Create(key, InboxJsonContext.Default.InboxKey) };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, InboxJsonContext.Default.InboxKey, cancellationToken);
    }

    /// <summary>Replaces the account's sealed inbox settings (the account must have an inbox key).</summary>
    public async Task PutInboxSettingsAsync(byte[] sealedSettings, CancellationToken cancellationToken = default)
    {
        var body = new InboxSettingsBody { SealedSettings = sealedSettings };
        var request = new HttpRequestMessage(HttpMethod.Put, "v2/inbox/settings") { Content = JsonContent.Create(body, InboxJsonContext.Default.InboxSettingsBody) };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<CaptureLinkInfo> CreateCaptureLinkAsync(CaptureLinkRequest link, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v2/inbox/links") { Content = JsonContent.Create(link, InboxJsonContext.Default.CaptureLinkRequest) };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, InboxJsonContext.Default.CaptureLinkInfo, cancellationToken);
    }

    public async Task<IReadOnlyList<CaptureLinkInfo>> ListCaptureLinksAsync(CancellationToken cancellationToken = default) =>
        (await GetJsonAsync("v2/inbox/links", InboxJsonContext.Default.CaptureLinkList, cancellationToken)).Links;

    /// <returns>False when the server has no such link.</returns>
    public Task<bool> RevokeCaptureLinkAsync(Guid id, CancellationToken cancellationToken = default) => DeleteAsync($"v2/inbox/links/{id}", cancellationToken);

    public Task<InboxItemList> ListInboxItemsAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList, cancellationToken);

    /// <summary>The sealed bytes of an item, or null when it is gone (another device delivered it).</summary>
    public async Task<byte[]?> GetInboxItemAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v2/inbox/items/{id}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        Interlocked.Add(ref _bytesOnWire, bytes.Length);
        return bytes;
    }

    /// <returns>False when it was already gone.</returns>
    public Task<bool> DeleteInboxItemAsync(Guid id, CancellationToken cancellationToken = default) => DeleteAsync($"v2/inbox/items/{id}", cancellationToken);

    private async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }
}
