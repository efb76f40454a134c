using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Tests;

/// <summary>Health, OpenAPI, configuration errors, admin commands and graceful shutdown.</summary>
public sealed class OperabilityTests
{
    [Fact]
    public async Task HealthReadyAndOpenApi_AreServed()
    {
        await using var server = await ServerInstance.StartAsync();
        using var client = server.Client();
        Assert.Equal("ok", await client.GetStringAsync("health"));
        Assert.Equal("ready", await client.GetStringAsync("health/ready"));
        var openApi = await client.GetStringAsync("openapi/v1.json");
        Assert.Contains("/v2/ops", openApi, StringComparison.Ordinal);
        Assert.Contains("/data/block", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminUserCommands_PrintTheTokenOnceAndRevokeIt()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("carol");
        Assert.StartsWith("dst_", token, StringComparison.Ordinal);
        Assert.Equal(1, (await server.AdminAsync(["user", "add", "carol"])).Code);
        Assert.Equal(2, (await server.AdminAsync(["user", "add", "bad name!"])).Code);
        Assert.Contains("carol", (await server.AdminAsync(["user", "list"])).Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(server.DataDir, "server.sqlite")), StringComparison.Ordinal);

        using var client = server.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health/auth")).StatusCode);
        Assert.Equal(0, (await server.AdminAsync(["user", "remove", "carol"])).Code);
        Assert.Equal(1, (await server.AdminAsync(["user", "remove", "carol"])).Code);
        await TestOps.AssertProblemAsync(await client.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("--auth", "bogus", "Auth:Mode")]
    [InlineData("--operations-store", "postgres", "Storage:Postgres")]
    [InlineData("--files-store", "s3", "Storage:S3:Bucket")]
    [InlineData("--auth", "cloudflare", "Auth:Cloudflare:Aud")]
    [InlineData("--auth", "oidc", "Auth:Oidc:Authority")]
    public async Task BadConfiguration_FailsAtStartWithOneSentence(string option, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerInstance.StartAsync(option, value));
        var message = Assert.Single(error.Failures);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.EndsWith(".", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_PrintsAClearErrorForBadConfiguration()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dataans-server.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { dll, "--auth", "bogus", "--data-dir", Path.GetTempPath(), "--urls", "http://127.0.0.1:0" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("dataans-server: Auth:Mode (--auth) must be 'token', 'cloudflare' or 'oidc', not 'bogus'.", stderr.Trim());
    }

    [Fact]
    public async Task Shutdown_FinishesAnInFlightDownload()
    {
        var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("dave");
        using var client = server.Client(token);
        var id = Guid.NewGuid();
        var bytes = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        (await client.PostAsync($"file/{id}", new ByteArrayContent(bytes))).EnsureSuccessStatusCode();

        using var response = await client.GetAsync($"file/{id}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[1024];
        await body.ReadExactlyAsync(first);
        var stopping = server.App.StopAsync();
        using var rest = new MemoryStream();
        rest.Write(first);
        await body.CopyToAsync(rest);
        await stopping;
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(rest.ToArray()));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task WebApplicationFactory_HostsTheRealProgram()
    {
        var dir = Directory.CreateTempSubdirectory("dataans-waf-").FullName;
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Storage:DataDir", dir));
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();
        Assert.Equal("ok", await client.GetStringAsync("/health"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v2/ops")).StatusCode);
        Assert.True(File.Exists(Path.Combine(dir, "server.sqlite")));
    }
}
