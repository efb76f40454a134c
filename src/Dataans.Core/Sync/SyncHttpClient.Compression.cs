using System.IO.Compression;
using System.Net.Http.Headers;

namespace Dataans.Core.Sync;

/// <summary>
/// HTTP content codings on the v2 operation routes (protocol.md §4.9): pulls ask for <c>br</c> or
/// <c>gzip</c> answers, and push bodies of at least <see cref="CompressPushFromBytes"/> go compressed
/// once the server has named the coding in an <c>Accept-Encoding</c> response header (RFC 7694).
/// v1 requests never carry either header, so they stay byte for byte what the seed sends.
/// </summary>
internal sealed partial class SyncHttpClient
{
    /// <summary>Smaller push bodies go as they are: compressing them saves less than the header costs.</summary>
    public const int CompressPushFromBytes = 1024;

    private const string ResponseEncodings = "br, gzip";

    /// <summary>A decoded answer larger than this is refused (a pull page holds at most about 11 MiB of JSON).</summary>
    private const long MaxDecodedBytes = 256L * 1024 * 1024;

    private volatile string? _pushEncoding;

    /// <summary>False sends and asks for plain JSON only, as before §4.9 (benchmarks compare the two).</summary>
    public bool UseContentCodings { get; init; } = true;

    /// <summary>The coding push bodies use, once the server advertised one; null before (or for a server without it).</summary>
    public string? PushEncoding => _pushEncoding;

    private void AskForCompressedAnswer(HttpRequestMessage request)
    {
        if (UseContentCodings)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", ResponseEncodings);
        }
    }

    private void NoteAcceptedRequestEncodings(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Accept-Encoding", out var values))
        {
            return;
        }

        var codings = values.SelectMany(value => value.Split(',')).Select(coding => coding.Split(';')[0].Trim().ToLowerInvariant()).ToHashSet();
        _pushEncoding = codings.Contains("br") ? "br" : codings.Contains("gzip") ? "gzip" : _pushEncoding;
    }

    private HttpContent JsonBody(byte[] json)
    {
        var encoding = UseContentCodings && json.Length >= CompressPushFromBytes ? _pushEncoding : null;
        var content = new ByteArrayContent(encoding is null ? json : Encode(json, encoding));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return content;
    }

    private static byte[] Encode(byte[] body, string encoding)
    {
        using var buffer = new MemoryStream(body.Length / 2 + 64);
        using (Stream compressor = encoding == "br"
            ? new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true)
            : new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return buffer.ToArray();
    }

    /// <summary>The body as the server meant it: decoded when the answer came with a content coding.</summary>
    private static byte[] Decode(byte[] body, ICollection<string> codings)
    {
        foreach (var coding in codings.Reverse())
        {
            body = DecodeOne(body, coding.ToLowerInvariant());
        }

        return body;
    }

    private static byte[] DecodeOne(byte[] body, string coding)
    {
        if (coding == "identity")
        {
            return body;
        }

        using var input = new MemoryStream(body);
        switch (coding)
        {
            case "br":
                using (var brotli = new BrotliStream(input, CompressionMode.Decompress))
                {
                    return ReadLimited(brotli, body.Length);
                }

            case "gzip" or "x-gzip":
                using (var gzip = new GZipStream(input, CompressionMode.Decompress))
                {
                    return ReadLimited(gzip, body.Length);
                }

            case "deflate":
                using (var zlib = new ZLibStream(input, CompressionMode.Decompress))
                {
                    return ReadLimited(zlib, body.Length);
                }

            default:
                throw new SyncException(SyncFailure.Protocol, $"The server sent an answer in an encoding this app does not know ({coding}).");
        }
    }

    private static byte[] ReadLimited(Stream decoder, int encodedLength)
    {
        using var output = new MemoryStream(encodedLength * 4);
        var chunk = new byte[81920];
        int read;
        while ((read = decoder.Read(chunk)) > 0)
        {
            if (output.Length + read > MaxDecodedBytes)
            {
                throw new SyncException(SyncFailure.Protocol, "The server sent a compressed answer that expands beyond any page's size.");
            }

            output.Write(chunk, 0, read);
        }

        return output.ToArray();
    }
}
