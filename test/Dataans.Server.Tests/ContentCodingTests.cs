using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Tests;

/// <summary>HTTP content codings on the v2 operation routes (protocol.md §4.9), and none anywhere else.</summary>
public sealed class ContentCodingTests : ServerWithAliceTest
{
    protected override Task<string[]> ServerArgsAsync() => Task.FromResult<string[]>(["--Limits:MaxJsonBodyBytes", "200000"]);

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task CompressedPush_IsStored_AndPullAnswersInTheAskedCoding(string coding)
    {
        var ops = TestOps.Many(20);
        using var push = new HttpRequestMessage(HttpMethod.Post, "v2/ops") { Content = Compressed(Json(ops), coding) };
        using var pushed = await Alice.SendAsync(push);
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal(20, (await pushed.Content.ReadFromJsonAsync(V2JsonContext.Default.PushResponse))!.Accepted);
        Assert.Equal(["br, gzip"], pushed.Headers.GetValues("Accept-Encoding"));

        using var pull = new HttpRequestMessage(HttpMethod.Get, "v2/ops?after=0");
        pull.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        using var pulled = await Alice.SendAsync(pull);
        Assert.Equal([coding], pulled.Content.Headers.ContentEncoding);
        var page = JsonSerializer.Deserialize(Decompress(await pulled.Content.ReadAsByteArrayAsync(), coding), V2JsonContext.Default.PullResponse)!;
        Assert.Equal(ops.Select(op => Convert.ToHexString(op.Data)), page.Ops.Select(op => Convert.ToHexString(op.Data)));
    }

    [Fact]
    public async Task PullWithoutAcceptEncoding_IsPlainJson()
    {
        await TestOps.PushAsync(Alice, TestOps.Many(3));

        using var pulled = await Alice.GetAsync("v2/ops?after=0");

        Assert.Empty(pulled.Content.Headers.ContentEncoding);
        Assert.Equal(3, (await pulled.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse))!.Ops.Count);
    }

    [Fact]
    public async Task V1Routes_AreNeverCompressed_EvenWhenAsked()
    {
        await TestOps.PushAsync(Alice, TestOps.Many(40));

        using var request = new HttpRequestMessage(HttpMethod.Get, "data/operation?operations_to_skip=0");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var response = await Alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.False(response.Headers.Contains("Accept-Encoding"));
    }

    [Fact]
    public async Task CorruptCompressedBody_IsA400_AndStoresNothing()
    {
        var body = Compressed(Json(TestOps.Many(5)), "gzip");
        var bytes = await body.ReadAsByteArrayAsync();
        bytes[^9] ^= 0xFF; // the gzip trailer's checksum no longer matches
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Alice.PostAsync("v2/ops", content);

        await TestOps.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty((await TestOps.PullAsync(Alice, 0)).Ops);
    }

    [Fact]
    public async Task BodyThatExpandsBeyondTheLimit_IsA413()
    {
        // 40 ops of 4 KiB of one repeated byte: about 220 kB of JSON (over the 200,000-byte limit) in a few kB of gzip.
        var ops = Enumerable.Range(0, 40).Select(_ => TestOps.New(size: 4096)).ToArray();
        foreach (var op in ops)
        {
            Array.Fill(op.Data, (byte)7);
        }

        var compressed = Compressed(Json(ops), "gzip");
        Assert.True((await compressed.ReadAsByteArrayAsync()).Length < 200_000);

        using var response = await Alice.PostAsync("v2/ops", compressed);

        var problem = await TestOps.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(ProblemCodes.TooLarge, problem.GetProperty("code").GetString());
        Assert.Empty((await TestOps.PullAsync(Alice, 0)).Ops);
    }

    private static byte[] Json(PushOperation[] ops) =>
        JsonSerializer.SerializeToUtf8Bytes(new PushRequest { Ops = ops }, V2JsonContext.Default.PushRequest);

    private static ByteArrayContent Compressed(byte[] json, string coding)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = coding == "br" ? new BrotliStream(buffer, CompressionLevel.Fastest) : new GZipStream(buffer, CompressionLevel.Fastest))
        {
            compressor.Write(json);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(coding);
        return content;
    }

    private static byte[] Decompress(byte[] body, string coding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
