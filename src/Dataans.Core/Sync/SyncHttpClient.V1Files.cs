using System.Net.Http.Headers;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

internal sealed partial class SyncHttpClient
{
    /// <summary><c>GET file/{id}/exists</c>: whether the server holds a complete file under this id.</summary>
    public Task<bool> FileExistsV1Async(Guid fileId, CancellationToken cancellationToken = default) =>
        GetJsonAsync($"file/{fileId}/exists", V1JsonContext.Default.Boolean, cancellationToken);

    /// <summary><c>POST file/{id}</c> with the whole encrypted file as the body, as the original uploads it.</summary>
    public async Task PostFileV1Async(Guid fileId, byte[] body, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"file/{fileId}") { Content = content }, cancellationToken, timeout: Timeout.InfiniteTimeSpan);
        await EnsureSuccessAsync(response, cancellationToken);
    }
}
