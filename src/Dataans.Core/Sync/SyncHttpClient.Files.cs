using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

internal sealed partial class SyncHttpClient
{
    /// <summary>The server's state of an upload: null when it has no bytes of this file.</summary>
    public async Task<(long Length, bool Complete)?> GetFileStateAsync(Guid fileId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/files/{fileId}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var length = response.Headers.TryGetValues("Upload-Offset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : response.Content.Headers.ContentLength ?? 0;
        var complete = response.Headers.TryGetValues("Upload-Complete", out var flags) && flags.FirstOrDefault() == "?1";
        return (length, complete);
    }

    /// <summary>Appends <paramref name="body"/> to the upload at <paramref name="offset"/>.</summary>
    public async Task<long> AppendFileAsync(Guid fileId, long offset, Stream body, CancellationToken cancellationToken = default)
    {
        var content = new StreamContent(body, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, $"v2/files/{fileId}?offset={offset}") { Content = content };
        using var response = await SendAsync(request, cancellationToken, timeout: Timeout.InfiniteTimeSpan);
        await EnsureSuccessAsync(response, cancellationToken);
        var status = await ReadJsonAsync(response, V2JsonContext.Default.FileStatus, cancellationToken);
        return status.Length;
    }

    public async Task CompleteFileAsync(Guid fileId, long length, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v2/files/{fileId}/complete?length={length}"), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Streams a complete file from <paramref name="offset"/> into <paramref name="target"/>; false if the server lacks it.</summary>
    public async Task<bool> DownloadFileAsync(Guid fileId, long offset, Stream target, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v2/files/{fileId}");
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead, Timeout.InfiniteTimeSpan);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return true;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            throw new SyncException(SyncFailure.Protocol, "The sync server ignored the range of a resumed download.");
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.CopyToAsync(target, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new SyncException(SyncFailure.Unreachable, "The connection to the sync server broke during a download.", exception);
        }
        catch (IOException exception) when (exception.InnerException is not null)
        {
            throw new SyncException(SyncFailure.Unreachable, "The connection to the sync server broke during a download.", exception);
        }

        Interlocked.Add(ref _bytesOnWire, target.CanSeek ? target.Position : 0);
        return true;
    }
}
