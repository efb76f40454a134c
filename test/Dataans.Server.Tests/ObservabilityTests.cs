using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dataans.Server.Tests;

/// <summary>What a self-hoster reads: timestamped console and JSON logs, one line per request, failed sign-ins with the client address, and an OpenAPI document that declares how to authenticate.</summary>
public sealed partial class ObservabilityTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("dataans-observability-").FullName;

    [Fact]
    public async Task ConsoleLog_HasTimestampsAndOneLinePerRequest_WithoutTokensOrBodies()
    {
        var token = (await ServerExecutable.RunAsync(["user", "add", "grace", "--data-dir", _dataDir])).Stdout.TrimEnd().Split('\n')[^1];
        await using var server = await ServerProcess.StartAsync("--data-dir", _dataDir);
        using var client = server.Client(token);
        var op = TestOps.New();
        await TestOps.PushAsync(client, op);
        var fileId = Guid.NewGuid();
        (await client.PutAsync($"v2/files/{fileId}?offset=0", new ByteArrayContent([1, 2, 3]))).EnsureSuccessStatusCode();
        using var stranger = server.Client("dst_not-a-token-of-this-server");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("v2/ops")).StatusCode);

        await server.WaitForLineAsync(l => l.Contains("PUT /v2/files/{id} by grace: 200 in ", StringComparison.Ordinal), "the upload's request line");
        await server.WaitForLineAsync(l => l.Contains("GET /v2/ops by -: 401 in ", StringComparison.Ordinal), "the refused request's line");
        var lines = server.Output.ToList();
        Assert.All(lines.Where(l => !l.StartsWith(' ')), l => Assert.Matches(Timestamped(), l));
        Assert.Contains(lines, l => l.Contains("POST /v2/ops by grace: 200 in ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Sign-in failed from 127.0.0.1: unknown or revoked token", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("unknown or revoked token", StringComparison.Ordinal) || l.Contains("Unknown token", StringComparison.Ordinal));
        var all = string.Join('\n', lines);
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-token-of-this-server", all, StringComparison.Ordinal);
        Assert.DoesNotContain(fileId.ToString(), all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(op.Data), all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLog_CarriesATimestampOnEveryEntry()
    {
        await using var server = await ServerProcess.StartAsync("--data-dir", _dataDir, "--Logging:Console:FormatterName=json");
        using var client = server.Client();
        Assert.Equal("ok", await client.GetStringAsync("v2/info").ContinueWith(_ => "ok"));
        await server.WaitForLineAsync(l => l.Contains("/v2/info", StringComparison.Ordinal), "the request line");
        foreach (var line in server.Output.Where(l => l.StartsWith('{')))
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", entry.RootElement.GetProperty("Timestamp").GetString());
        }
    }

    [Theory]
    [InlineData("token", "\"bearer\"", "\"scheme\": \"bearer\"")]
    [InlineData("cloudflare", "\"cloudflareAccessHeader\"", "\"name\": \"Cf-Access-Jwt-Assertion\"")]
    public async Task OpenApi_DeclaresTheSecuritySchemeAndWhichRoutesNeedIt(string mode, string scheme, string detail)
    {
        string[] args = mode == "cloudflare"
            ? ["--auth", "cloudflare", "--cloudflare-team", "docs", "--cloudflare-aud", "aud"]
            : [];
        await using var server = await ServerInstance.StartAsync(args);
        using var client = server.Client();
        var text = await client.GetStringAsync("openapi/v1.json");
        using var document = JsonDocument.Parse(text);
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Contains(scheme, schemes.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(detail, JsonSerializer.Serialize(schemes, new JsonSerializerOptions { WriteIndented = true }), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/v2/ops").GetProperty("post").TryGetProperty("security", out _), "POST /v2/ops declares its security");
        Assert.True(paths.GetProperty("/data/operation").GetProperty("post").TryGetProperty("security", out _), "v1 routes declare it too");
        Assert.False(paths.GetProperty("/v2/info").GetProperty("get").TryGetProperty("security", out _), "GET /v2/info is anonymous");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex Timestamped();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }
}
