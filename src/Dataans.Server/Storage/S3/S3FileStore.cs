using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Dataans.Server.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage.S3;

/// <summary>
/// Files in an S3-compatible bucket: <c>PREFIX&lt;user&gt;/&lt;id&gt;</c> once complete; while uploading,
/// each append is an object <c>…/&lt;id&gt;.upload/&lt;offset&gt;</c> (S3 cannot append). Bodies are spooled
/// to a temp file before each PUT so that memory stays constant and uploads are sent unchunked
/// (see <see cref="S3ClientFactory"/> for the aws-chunked trap).
/// </summary>
internal sealed partial class S3FileStore(IOptions<StorageOptions> options, ILogger<S3FileStore> logger) : IFileStore, IDisposable
{
    private readonly StorageOptions _options = options.Value;
    private readonly SemaphoreSlim[] _completions = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly Lazy<IAmazonS3> _client = new(() => S3ClientFactory.Create(options.Value.S3));

    private IAmazonS3 Client => _client.Value;

    private string Bucket => _options.S3.Bucket!;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_options.TempDir);
        // A listing, not HEAD: its error body names what was refused (NoSuchBucket, InvalidAccessKeyId, …).
        // Under a prefix no key has (a user segment never starts with '.'), so the answer is empty.
        await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = _options.S3.Prefix + "." }, cancellationToken);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        await Client.HeadBucketAsync(new HeadBucketRequest { BucketName = Bucket }, cancellationToken);
        return true;
    }

    public async Task<FileState?> GetStateAsync(string user, Guid id, CancellationToken cancellationToken = default)
    {
        var length = await CompleteLengthAsync(user, id, cancellationToken);
        if (length is not null)
        {
            return new FileState(length.Value, true);
        }

        var segments = await ListSegmentsAsync(user, id, cancellationToken);
        return segments.Count == 0 ? null : new FileState(segments[^1].Offset + segments[^1].Size, false);
    }

    public async Task<FileState> AppendAsync(string user, Guid id, long offset, Stream body, long maxLength, CancellationToken cancellationToken = default)
    {
        var current = await GetStateAsync(user, id, cancellationToken) ?? new FileState(0, false);
        if (current.Complete || current.Length != offset)
        {
            throw new FileOffsetException(current);
        }

        var written = await UploadSpooledAsync(SegmentKey(user, id, offset), body, maxLength - offset, maxLength, cancellationToken);
        return new FileState(offset + written, false);
    }

    public async Task<FileState?> CompleteAsync(string user, Guid id, long length, CancellationToken cancellationToken = default)
    {
        // Completions of one file in this process take turns: the second finds the complete object instead
        // of rewriting it while the first's answer is read (a PUT over an existing object is not atomic on
        // every S3-compatible server). Another server process on the same bucket is met by the checks below.
        var turn = _completions[(int)((uint)HashCode.Combine(user, id) % (uint)_completions.Length)];
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await CompleteInTurnAsync(user, id, length, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<FileState?> CompleteInTurnAsync(string user, Guid id, long length, CancellationToken cancellationToken)
    {
        if (await CompletedStateAsync(user, id, length, cancellationToken) is { } done)
        {
            return done;
        }

        var segments = await ListSegmentsAsync(user, id, cancellationToken);
        var uploaded = segments.Count == 0 ? 0 : segments[^1].Offset + segments[^1].Size;
        if (segments.Count == 0 || uploaded != length)
        {
            // Another request for the same upload (a device retrying, or two devices at once) may have
            // completed it and removed (some of) its segments since the first look.
            return await CompletedStateAsync(user, id, length, cancellationToken)
                ?? (segments.Count == 0 ? null : throw new FileOffsetException(new FileState(uploaded, false)));
        }

        // Re-assembled through a local temp file rather than CopyObject/UploadPartCopy: those need 5 MiB
        // parts or copy-source encodings that S3-compatible servers disagree on.
        try
        {
            await ConcatenateAsync(segments, FileKey(user, id), cancellationToken);
        }
        catch (UnreadableSegmentException unreadable)
        {
            // Kept, the segment would fail every completion and the file would never finish: drop it and the
            // segments after it, and tell the device where the upload stands so that it sends them again.
            var dropped = segments.SkipWhile(segment => segment.Offset < unreadable.Segment.Offset).ToList();
            await DeleteKeysAsync(dropped.Select(segment => segment.Key), cancellationToken);
            Log.UnreadableSegmentDropped(logger, id, unreadable.Segment.Offset, dropped.Count, unreadable.InnerException!.Message);
            throw new FileOffsetException(new FileState(unreadable.Segment.Offset, false));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A segment went while it was read: another request completed the upload (and removed them) meanwhile.
            if (await CompletedStateAsync(user, id, length, cancellationToken) is { } completed)
            {
                return completed;
            }

            throw;
        }

        // A concurrent completion may have removed them already: deleting a missing key succeeds in S3.
        await DeleteKeysAsync(segments.Select(s => s.Key), cancellationToken);
        return new FileState(length, true);
    }

    public async Task PutAsync(string user, Guid id, Stream body, long maxLength, CancellationToken cancellationToken = default) =>
        await UploadSpooledAsync(FileKey(user, id), body, maxLength, maxLength, cancellationToken);

    public async Task<Stream?> OpenReadAsync(string user, Guid id, long offset, long count, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
        {
            return new MemoryStream([], writable: false);
        }

        var request = new GetObjectRequest { BucketName = Bucket, Key = FileKey(user, id), ByteRange = new ByteRange(offset, offset + count - 1) };
        try
        {
            var response = await Client.GetObjectAsync(request, cancellationToken);
            return new RangeStream(response.ResponseStream, count);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return null; // gone, or replaced by a shorter object since its state was read (a v1 rewrite)
        }
    }

    public async Task<int> DeleteUserAsync(string user, CancellationToken cancellationToken = default)
    {
        // List from the start each round: the listed objects are gone before the next listing, so no
        // continuation token has to survive the deletes, and a round that deletes nothing cannot repeat.
        var files = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var response = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = UserPrefix(user) }, cancellationToken);
            var keys = (response.S3Objects ?? []).Select(o => o.Key).ToList();
            if (keys.Count == 0)
            {
                return files.Count;
            }

            files.UnionWith(keys.Select(k => k.Split(".upload/")[0]));
            await DeleteKeysAsync(keys, cancellationToken);
        }
    }

    /// <summary>Every complete file object under the prefix (key without the prefix, size), for a backup's listing.</summary>
    public async IAsyncEnumerable<(string Key, long Size)> ListCompleteFilesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = _options.S3.Prefix };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in response.S3Objects ?? [])
            {
                if (!o.Key.Contains(".upload/", StringComparison.Ordinal))
                {
                    yield return (o.Key[_options.S3.Prefix.Length..], o.Size ?? 0);
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    public void Dispose()
    {
        foreach (var turn in _completions)
        {
            turn.Dispose();
        }

        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    /// <summary>The state of a complete file of <paramref name="length"/> bytes; null when the file is not complete; a conflict for another length.</summary>
    private async Task<FileState?> CompletedStateAsync(string user, Guid id, long length, CancellationToken cancellationToken)
    {
        if (await CompleteLengthAsync(user, id, cancellationToken) is not { } completeLength)
        {
            return null;
        }

        var done = new FileState(completeLength, true);
        return done.Length == length ? done : throw new FileOffsetException(done);
    }

    private string UserPrefix(string user) => _options.S3.Prefix + StorageNames.UserSegment(user) + "/";

    private string FileKey(string user, Guid id) => UserPrefix(user) + id.ToString("D");

    private string SegmentPrefix(string user, Guid id) => FileKey(user, id) + ".upload/";

    private string SegmentKey(string user, Guid id, long offset) =>
        SegmentPrefix(user, id) + offset.ToString("D19", CultureInfo.InvariantCulture);
}
