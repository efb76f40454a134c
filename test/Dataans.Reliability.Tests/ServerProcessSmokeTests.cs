using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests;

/// <summary>The out-of-process server fixture itself: it starts, serves, dies on SIGKILL and comes back with its data.</summary>
public sealed class ServerProcessSmokeTests
{
    [Fact]
    public async Task KilledServer_RestartsOnSamePortWithItsUsers()
    {
        await using var server = await ServerProcess.StartAsync();
        var token = await server.AddUserAsync("alice");
        using var client = server.Client(token);
        Assert.True((await client.GetAsync("v2/ops?after=0&limit=1")).IsSuccessStatusCode);

        server.Kill();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v2/ops?after=0&limit=1"));

        await server.RestartAsync();
        Assert.True((await client.GetAsync("v2/ops?after=0&limit=1")).IsSuccessStatusCode);
        Assert.True(server.ResidentBytes() > 0);
        Assert.Empty(server.ErrorLines());
    }
}
