using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// A seeded generator of malformed and hostile requests across every route of the server (v1, v2,
/// health, sign-in, the inbox and capture routes, OpenAPI, unknown paths; not <c>DELETE /v2/token</c>, which
/// would sign the generator itself out). Request <c>i</c> of seed <c>s</c> is always the same
/// request, whatever the order they are sent in, so a failure can be replayed from its index.
/// Credentials go in <c>Authorization: Bearer</c> (token and oidc modes) or, with
/// <paramref name="cloudflareHeader"/>, raw in <c>Cf-Access-Jwt-Assertion</c>.
/// </summary>
internal sealed class HostileRequests(int seed, string token, string otherToken, long maxJsonBytes, long maxFileBytes, bool cloudflareHeader = false)
{
    private const string CloudflareHeader = "Cf-Access-Jwt-Assertion";

    private static readonly (string Method, string Path, string[] Query, BodyKind Body)[] Routes =
    [
        ("GET", "/health", [], BodyKind.None),
        ("GET", "/health/ready", [], BodyKind.None),
        ("GET", "/health/auth", [], BodyKind.None),
        ("GET", "/data/block", ["items_per_block"], BodyKind.None),
        ("GET", "/data/operation", ["operations_to_skip"], BodyKind.None),
        ("POST", "/data/operation", [], BodyKind.V1Ops),
        ("POST", "/file/{id}", [], BodyKind.FileBytes),
        ("GET", "/file/{id}", [], BodyKind.None),
        ("GET", "/file/{id}/exists", [], BodyKind.None),
        ("GET", "/user", [], BodyKind.None),
        ("POST", "/user", [], BodyKind.V1User),
        ("GET", "/v2/info", [], BodyKind.None),
        ("GET", "/v2/signin", ["redirect_uri", "state", "app_key"], BodyKind.None),
        ("GET", "/health/authorize.html", ["redirect_uri", "state", "app_key"], BodyKind.None),
        ("GET", "/v2/ops", ["after", "limit"], BodyKind.None),
        ("POST", "/v2/ops", [], BodyKind.V2Push),
        ("GET", "/v2/ops/ordered", ["skip", "limit"], BodyKind.None),
        ("GET", "/v2/blocks", ["itemsPerBlock"], BodyKind.None),
        ("GET", "/v2/verifier", [], BodyKind.None),
        ("PUT", "/v2/verifier", ["replace"], BodyKind.Verifier),
        ("HEAD", "/v2/files/{id}", [], BodyKind.None),
        ("GET", "/v2/files/{id}", [], BodyKind.None),
        ("PUT", "/v2/files/{id}", ["offset"], BodyKind.FileBytes),
        ("POST", "/v2/files/{id}/complete", ["length"], BodyKind.None),
        ("GET", "/v2/events", [], BodyKind.None),
        ("GET", "/v2/inbox/key", [], BodyKind.None),
        ("PUT", "/v2/inbox/key", [], BodyKind.InboxKey),
        ("PUT", "/v2/inbox/settings", [], BodyKind.InboxSettings),
        ("POST", "/v2/inbox/links", [], BodyKind.CaptureLink),
        ("GET", "/v2/inbox/links", [], BodyKind.None),
        ("DELETE", "/v2/inbox/links/{id}", [], BodyKind.None),
        ("GET", "/v2/inbox/items", [], BodyKind.None),
        ("GET", "/v2/inbox/items/{id}", [], BodyKind.None),
        ("DELETE", "/v2/inbox/items/{id}", [], BodyKind.None),
        ("GET", "/v2/capture/key", [], BodyKind.None),
        ("POST", "/v2/capture/items", [], BodyKind.FileBytes),
        ("GET", "/capture/{id}", [], BodyKind.None),
        ("GET", "/openapi/v1.json", [], BodyKind.None),
        ("GET", "/no/such/route", [], BodyKind.None),
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "G3T"];

    private static readonly string[] BadIds =
    [
        "", "x", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "..", ".", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fserver.sqlite",
        "..%5C..%5Cserver.sqlite", "%00", "a%00b", "%252e%252e%252f", "{0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10}", "0b0cd4a25f0e4d8e9a572b1b8f3c2f10",
        "0B0CD4A2-5F0E-4D8E-9A57-2B1B8F3C2F10", " 0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10", "0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f1", "0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10%2F..",
        "%E2%80%AE", "%F0%9F%92%A9", "CON", "nul", "~", "*", "%2A", "..;", "files", "%",
    ];

    private static readonly string[] QueryValues =
    [
        "", "0", "1", "-1", "-0", "+1", " 1", "1 ", "01", "1.0", "1e3", "0x10", "abc", "true", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "99999999999999999999999999", "1000", "1000001", "%00", "%FF", "%E2%80%AE", "null", "[]",
    ];

    private static readonly string[] RangeHeaders =
    [
        "bytes=0-", "bytes=0-0", "bytes=-1", "bytes=-0", "bytes=5-2", "bytes=abc", "bytes=0-1,2-3", "bytes=99999999999999999999-",
        "bytes=-99999999999999999999", "bytes=9223372036854775807-", "bytes=-9223372036854775807", "items=0-1", "bytes", "bytes=", "bytes=-",
        "bytes= 1 - 2 ", "bytes=1-9223372036854775807", "BYTES=0-10", "bytes=\u00e9-1",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "text/plain", "application/octet-stream",
        "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "application/json; charset=nonsense", "*/*", "x",
    ];

    /// <summary>
    /// The request with index <paramref name="index"/>, the route it was made for, and <c>MayAbort</c> when the
    /// client itself breaks it off (a body shorter than its Content-Length).
    /// </summary>
    public (HttpRequestMessage Request, string Route, bool MayAbort) Create(int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var routeIndex = random.Next(Routes.Length);
        var (method, path, names, body) = Routes[routeIndex];
        if (random.Next(100) < 15)
        {
            method = Methods[random.Next(Methods.Length)];
            body = random.Next(2) == 0 ? body : (BodyKind)random.Next(6);
        }

        var id = Id(random);
        var query = Query(random, names);
        if (!Uri.TryCreate(path.Replace("{id}", id, StringComparison.Ordinal) + query, UriKind.Relative, out var uri))
        {
            uri = new Uri(path.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal), UriKind.Relative);
        }

        var request = new HttpRequestMessage(new HttpMethod(method), uri);
        Authorize(random, request);
        var mayAbort = false;
        if (body != BodyKind.None && method is not ("GET" or "HEAD" or "TRACE"))
        {
            var bytes = body == BodyKind.FileBytes ? FileBytes(random) : HostileJson.Body(random, body, FileIds, maxJsonBytes);
            (request.Content, mayAbort) = Content(random, bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentTypes[random.Next(ContentTypes.Length)]);
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("Range", RangeHeaders[random.Next(RangeHeaders.Length)]);
        }

        if (random.Next(20) == 0)
        {
            ExtraHeaders(random, request);
        }

        return (request, $"{Routes[routeIndex].Method} {path}", mayAbort);
    }

    /// <summary>A few file ids shared by all requests so that uploads, completes, HEADs and downloads meet the same files.</summary>
    public static Guid[] FileIds { get; } = [.. Enumerable.Range(1, 12).Select(i => new Guid(i, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7))];

    private string Id(Random random) => random.Next(10) switch
    {
        < 5 => FileIds[random.Next(FileIds.Length)].ToString(),
        < 7 => Guid.NewGuid().ToString(),
        < 9 => BadIds[random.Next(BadIds.Length)],
        _ => new string('a', random.Next(37, 9000)),
    };

    private static string Query(Random random, string[] names)
    {
        var parts = new List<string>();
        foreach (var name in names.Where(_ => random.Next(8) != 0))
        {
            var value = random.Next(3) == 0 ? QueryValues[random.Next(QueryValues.Length)] : random.Next(0, 3000).ToString(CultureInfo.InvariantCulture);
            if (name is "redirect_uri")
            {
                value = Uri.EscapeDataString(random.Next(2) == 0 ? "http://127.0.0.1:5000/cb" : "javascript:alert(1)//127.0.0.1:1");
            }

            parts.Add($"{name}={value}");
            if (random.Next(15) == 0)
            {
                parts.Add($"{name}={value}");
            }
        }

        if (random.Next(15) == 0)
        {
            parts.Add(random.Next(3) == 0 ? $"x={new string('9', random.Next(100, 20_000))}" : "&&=&==%");
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private void Authorize(Random random, HttpRequestMessage request)
    {
        var roll = random.Next(100);
        var value = roll switch
        {
            < 80 => $"Bearer {token}",
            < 84 => $"Bearer {otherToken}",
            < 86 => null,
            < 88 => "Bearer ",
            < 90 => $"bearer  {token} ",
            < 92 => $"Basic {Convert.ToBase64String("user:pass"u8)}",
            < 94 => "Bearer " + new string('x', random.Next(500, 9000)),
            < 96 => $"Bearer {token[..^1]}",
            < 98 => "Bearer dst_\u00e9\u00e9",
            _ => $"Bearer {token}, Bearer {otherToken}",
        };
        if (value is null)
        {
            return;
        }

        if (cloudflareHeader)
        {
            // The same credentials and corruptions, raw in Cloudflare's header (the "Bearer " prefix is itself one corruption).
            request.Headers.TryAddWithoutValidation(CloudflareHeader, random.Next(10) == 0 ? value : value.Replace("Bearer ", string.Empty, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }
    }

    private byte[] FileBytes(Random random)
    {
        var length = random.Next(200) switch
        {
            0 => (int)Math.Min(int.MaxValue, maxFileBytes + random.Next(-2048, 2048)),
            < 20 => random.Next(0, 256 * 1024),
            _ => random.Next(0, 4096),
        };
        var bytes = new byte[Math.Max(0, length)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static (HttpContent Content, bool MayAbort) Content(Random random, byte[] bytes) => random.Next(20) switch
    {
        0 => (new StreamedContent(bytes, declaredLength: null), false),
        1 => (new StreamedContent(bytes, declaredLength: bytes.Length + random.Next(1, 100)), true),
        _ => (new ByteArrayContent(bytes), false),
    };

    private static void ExtraHeaders(Random random, HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation(CloudflareHeader, random.Next(2) == 0 ? "eyJhbGciOiJub25lIn0.e30." : "garbage");
        request.Headers.TryAddWithoutValidation("Upload-Offset", "-1");
        request.Headers.TryAddWithoutValidation("Accept", "application/\u00e9; q=abc");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "999.999.999.999, ::1");
        request.Headers.TryAddWithoutValidation("Cookie", "CF_Authorization=" + new string('c', random.Next(1, 4000)));
        request.Headers.TryAddWithoutValidation("If-Range", "\"nonsense\"");
    }

    /// <summary>Content sent without Content-Length (chunked) or with a Content-Length larger than the bytes sent.</summary>
    private sealed class StreamedContent(byte[] bytes, long? declaredLength) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = declaredLength ?? 0;
            return declaredLength is not null;
        }
    }
}
