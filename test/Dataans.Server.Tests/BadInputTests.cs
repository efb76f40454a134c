using System.Net;
using System.Text;

namespace Dataans.Server.Tests;

/// <summary>Client mistakes get 4xx problem details, never a 5xx.</summary>
public sealed class BadInputTests : ServerWithAliceTest
{
    private const string Sum = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private const string Id = "0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10";

    protected override Task<string[]> ServerArgsAsync() => Task.FromResult<string[]>(["--max-json-bytes", "65536", "--max-file-bytes", "100000"]);

    [Theory]
    [InlineData("POST", "v2/ops", "{", 400)]
    [InlineData("POST", "v2/ops", "null", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":\"x\"}", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":[{\"id\":\"nope\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"data\":\"AA==\",\"checksum\":\"" + Sum + "\"}]}", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":[{\"id\":\"" + Id + "\",\"createdAt\":\"yesterday\",\"data\":\"AA==\",\"checksum\":\"" + Sum + "\"}]}", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":[{\"id\":\"" + Id + "\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"data\":\"AA==\"}]}", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":[{\"id\":\"" + Id + "\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"data\":\"AA==\",\"checksum\":\"AAAA\"}]}", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":[{\"id\":\"" + Id + "\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"data\":42,\"checksum\":\"" + Sum + "\"}]}", 400)]
    [InlineData("POST", "v2/ops", "{\"ops\":[null]}", 400)]
    [InlineData("POST", "data/operation", "[{\"id\":\"" + Id + "\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"data\":[256],\"checksum\":[1]}]", 400)]
    [InlineData("POST", "data/operation", "{\"not\":\"an array\"}", 400)]
    [InlineData("POST", "user/", "{\"id\":1}", 400)]
    [InlineData("PUT", "v2/verifier", "{\"verifier\":\"\"}", 400)]
    [InlineData("GET", "v2/ops?after=-1", null, 400)]
    [InlineData("GET", "v2/ops?after=abc", null, 400)]
    [InlineData("GET", "v2/ops?after=99999999999999999999999", null, 400)]
    [InlineData("GET", "v2/ops?limit=0", null, 400)]
    [InlineData("GET", "v2/ops?limit=1000000", null, 400)]
    [InlineData("GET", "v2/ops?after=1&after=2", null, 400)]
    [InlineData("GET", "v2/ops/ordered?skip=-5", null, 400)]
    [InlineData("GET", "v2/blocks", null, 400)]
    [InlineData("GET", "v2/blocks?itemsPerBlock=0", null, 400)]
    [InlineData("GET", "data/block?items_per_block=0", null, 400)]
    [InlineData("GET", "data/block?items_per_block=-3", null, 400)]
    [InlineData("GET", "data/block?items_per_block=abc", null, 400)]
    [InlineData("GET", "data/block", null, 400)]
    [InlineData("GET", "data/operation?operations_to_skip=-1", null, 400)]
    [InlineData("GET", "v2/files/not-a-uuid", null, 400)]
    [InlineData("GET", "v2/files/..%2F..%2Fetc%2Fpasswd", null, 400)]
    [InlineData("GET", "file/..%2F..%2Fetc%2Fpasswd", null, 400)]
    [InlineData("GET", "file/%2e%2e/exists", null, 404)]
    [InlineData("PUT", "v2/files/" + Id + "?offset=-1", "x", 400)]
    [InlineData("PUT", "v2/files/" + Id, "x", 400)]
    [InlineData("POST", "v2/files/" + Id + "/complete", null, 400)]
    [InlineData("POST", "v2/files/" + Id + "/complete?length=5", null, 404)]
    [InlineData("GET", "v2/files/" + Id, null, 404)]
    [InlineData("GET", "no/such/route", null, 404)]
    [InlineData("GET", "v3/ops", null, 404)]
    [InlineData("DELETE", "v2/ops", null, 405)]
    public async Task BadRequest_IsA4xxProblem(string method, string path, string? body, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Alice.SendAsync(request);
        await TestOps.AssertProblemAsync(response, (HttpStatusCode)status);
    }

    [Fact]
    public async Task HugeJsonBody_Is413WithOrWithoutContentLength()
    {
        // A client announcing a big body waits for 100-continue, so the refusal arrives before the body is sent.
        var huge = "{\"ops\":[" + string.Join(',', Enumerable.Repeat("{\"id\":\"" + Id + "\"}", 10_000)) + "]}";
        using var sizedRequest = new HttpRequestMessage(HttpMethod.Post, "v2/ops") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        sizedRequest.Headers.ExpectContinue = true;
        using var sized = await Alice.SendAsync(sizedRequest);
        await TestOps.AssertProblemAsync(sized, HttpStatusCode.RequestEntityTooLarge);

        // Without a length the server must read to the limit; just over it, so the refused rest is tiny.
        var justOver = "{\"ops\":[]" + new string(' ', 65536) + "}";
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(justOver)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/ops") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await Alice.SendAsync(request);
        await TestOps.AssertProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task HugeFile_Is413()
    {
        foreach (var (method, path, size) in new[] { ("PUT", $"v2/files/{Id}?offset=0", 100_001), ("POST", $"file/{Id}", 110_000) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(new byte[size]) };
            request.Headers.ExpectContinue = true;
            using var response = await Alice.SendAsync(request);
            await TestOps.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }
    }

    [Fact]
    public async Task TooManyOpsInOnePush_Is413()
    {
        var ops = TestOps.Many(1001).Select(o => o with { Data = [] }).ToArray();
        await using var server = await ServerInstance.StartAsync();
        using var client = server.Client(await server.AddUserAsync("bob"));
        using var response = await client.PostAsync("v2/ops", TestOps.Body(ops));
        await TestOps.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }
}
