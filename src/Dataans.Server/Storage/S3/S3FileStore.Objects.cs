using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Dataans.Server.Storage.S3;

internal sealed partial class S3FileStore
{
    private async Task<long?> CompleteLengthAsync(string user, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await Client.GetObjectMetadataAsync(Bucket, FileKey(user, id), cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The contiguous segments from offset 0, in order.</summary>
    private async Task<List<Segment>> ListSegmentsAsync(string user, Guid id, CancellationToken cancellationToken)
    {
        var prefix = SegmentPrefix(user, id);
        var all = new List<Segment>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in response.S3Objects ?? [])
            {
                if (long.TryParse(o.Key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                {
                    all.Add(new Segment(o.Key, offset, o.Size ?? 0));
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        all.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var contiguous = new List<Segment>(all.Count);
        long next = 0;
        foreach (var segment in all)
        {
            if (segment.Offset != next)
            {
                break;
            }

            contiguous.Add(segment);
            next += segment.Size;
        }

        return contiguous;
    }

    private async Task<long> UploadSpooledAsync(string key, Stream body, long maxBytes, long maxLength, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_options.TempDir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_options.TempDir);
        try
        {
            long written;
            await using (var spool = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                written = await StreamCopy.CopyLimitedAsync(body, spool, maxBytes, maxLength, cancellationToken);
            }

            await PutFileAsync(key, temp, cancellationToken);
            return written;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task ConcatenateAsync(List<Segment> segments, string key, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_options.TempDir, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var spool = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                foreach (var segment in segments)
                {
                    try
                    {
                        using var response = await Client.GetObjectAsync(Bucket, segment.Key, cancellationToken);
                        await response.ResponseStream.CopyToAsync(spool, 64 * 1024, cancellationToken);
                    }
                    catch (AmazonClientException e) when (e.InnerException is null)
                    {
                        // The SDK's own check of what it read (its MD5 against the store's ETag), not a failure to reach the store.
                        throw new UnreadableSegmentException(segment, e);
                    }
                }
            }

            await PutFileAsync(key, temp, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        await Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = stream,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            ContentType = "application/octet-stream",
        }, cancellationToken);
    }

    private async Task DeleteKeysAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(1000))
        {
            var response = await Client.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = Bucket,
                Objects = [.. chunk.Select(k => new KeyVersion { Key = k })],
            }, cancellationToken);

            // A multi-object delete answers 200 even when some keys were refused.
            if (response.DeleteErrors is [var first, ..])
            {
                throw new AmazonS3Exception($"The S3 store refused to delete {response.DeleteErrors.Count} objects: {first.Code} {first.Message}")
                {
                    ErrorCode = first.Code,
                };
            }
        }
    }

    private sealed record Segment(string Key, long Offset, long Size);

    /// <summary>A segment the store answered with bytes that fail their own checksum.</summary>
    private sealed class UnreadableSegmentException(Segment segment, Exception inner)
        : Exception($"The upload segment at offset {segment.Offset} failed its checksum.", inner)
    {
        public Segment Segment { get; } = segment;
    }
}
