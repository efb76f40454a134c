using System.Net;
using Microsoft.Data.Sqlite;

namespace Dataans.Server.Tests;

/// <summary>One token per device: added, listed with last use, revoked alone; against both SQL backends.</summary>
public abstract class DeviceTokenTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private string[] _storage = [];

    protected abstract Task<string[]> StorageArgsAsync();

    public async Task InitializeAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("dataans-tokens-").FullName;
        _storage = [.. await StorageArgsAsync(), "--data-dir", dataDir];
        _server = await ServerInstance.StartAsync(_storage);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_server.DataDir, recursive: true);
    }

    [Fact]
    public async Task EachDevice_HasItsOwnToken_AndRevokingOneLeavesTheOthers()
    {
        var laptop = await AdminTokenAsync("user", "add", "alice", "--label", "laptop");
        var phone = await AdminTokenAsync("user", "token", "add", "alice", "--label", "phone");
        Assert.NotEqual(laptop, phone);

        using (var client = _server.Client(laptop))
        {
            await TestOps.PushAsync(client, TestOps.Many(2));
        }

        var listed = await AdminAsync("user", "token", "list", "alice");
        var rows = listed.Stdout.TrimEnd().Split('\n').Skip(1).Select(line => line.Split('\t')).ToList();
        Assert.Equal(["laptop", "phone"], rows.Select(r => r[1]));
        Assert.NotEqual("never", rows[0][3]);
        Assert.Equal("never", rows[1][3]);
        Assert.Contains("alice\t", (await AdminAsync("user", "list")).Stdout, StringComparison.Ordinal);
        Assert.Contains("\t2 tokens\t2 operations", (await AdminAsync("user", "list")).Stdout, StringComparison.Ordinal);

        var revoked = await AdminAsync("user", "token", "revoke", rows[0][0]);
        Assert.Contains($"Revoked token {rows[0][0]} of 'alice'", revoked.Stdout, StringComparison.Ordinal);
        using var oldLaptop = _server.Client(laptop);
        await TestOps.AssertProblemAsync(await oldLaptop.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
        using var stillPhone = _server.Client(phone);
        Assert.Equal(2, (await TestOps.PullAsync(stillPhone, 0)).Head);

        var again = await _server.AdminAsync(["user", "token", "revoke", rows[0][0]]);
        Assert.Equal(1, again.Code);
        Assert.Equal(1, (await _server.AdminAsync(["user", "token", "add", "nobody"])).Code);
        Assert.Equal(2, (await _server.AdminAsync(["user", "token", "revoke", "laptop"])).Code);
    }

    [Fact]
    public async Task Device_RevokesItsOwnToken()
    {
        var laptop = await AdminTokenAsync("user", "add", "bob");
        var phone = await AdminTokenAsync("user", "token", "add", "bob");
        using var client = _server.Client(laptop);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("v2/token")).StatusCode);
        await TestOps.AssertProblemAsync(await client.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
        using var other = _server.Client(phone);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("health/auth")).StatusCode);
        Assert.Single((await AdminAsync("user", "token", "list", "bob")).Stdout.TrimEnd().Split('\n').Skip(1));
    }

    [Fact]
    public async Task UserRemove_RevokesEveryTokenButKeepsTheData()
    {
        var laptop = await AdminTokenAsync("user", "add", "carol");
        var phone = await AdminTokenAsync("user", "token", "add", "carol");
        using (var client = _server.Client(laptop))
        {
            await TestOps.PushAsync(client, TestOps.Many(1));
        }

        await AdminAsync("user", "remove", "carol");
        foreach (var token in new[] { laptop, phone })
        {
            using var client = _server.Client(token);
            await TestOps.AssertProblemAsync(await client.GetAsync("health/auth"), HttpStatusCode.Unauthorized);
        }

        var again = await AdminTokenAsync("user", "add", "carol");
        using var back = _server.Client(again);
        Assert.Equal(1, (await TestOps.PullAsync(back, 0)).Head);
    }

    private async Task<ProcessResult> AdminAsync(params string[] command)
    {
        var result = await ServerExecutable.RunAsync([.. command, .. _storage]);
        Assert.True(result.Code == 0, $"{string.Join(' ', command)}: {result.Stderr}");
        return result;
    }

    private async Task<string> AdminTokenAsync(params string[] command) => (await AdminAsync(command)).Stdout.TrimEnd().Split('\n')[^1];
}

public sealed class SqliteDeviceTokenTests : DeviceTokenTests
{
    protected override Task<string[]> StorageArgsAsync() => Task.FromResult<string[]>([]);
}

public sealed class PostgresDeviceTokenTests : DeviceTokenTests
{
    protected override async Task<string[]> StorageArgsAsync() =>
        ["--operations-store", "postgres", "--postgres", await (await PostgresCluster.GetAsync()).CreateDatabaseAsync("tokens")];
}

/// <summary>A server upgraded from one token per user: every earlier token keeps working as that user's first device token.</summary>
public sealed class TokenUpgradeTests
{
    [Fact]
    public async Task TokenFromBeforeDeviceTokens_KeepsWorkingAfterTheUpgrade()
    {
        var dir = Directory.CreateTempSubdirectory("dataans-upgrade-").FullName;
        try
        {
            var token = "dst_" + new string('x', 43);
            await using (var old = await ServerInstance.StartAsync("--data-dir", dir))
            {
                // The schema as the first release left it: one token per user in a 'tokens' table.
                await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "server.sqlite")};Pooling=false");
                await connection.OpenAsync();
                await using var downgrade = connection.CreateCommand();
                downgrade.CommandText = """
                    DROP TABLE user_tokens; DROP TABLE token_users;
                    CREATE TABLE tokens (name TEXT PRIMARY KEY, token_hash BLOB NOT NULL UNIQUE, created_at INTEGER NOT NULL);
                    DELETE FROM schemaversions WHERE scriptname LIKE '%0002_device_tokens%';
                    INSERT INTO tokens VALUES ('dave', $hash, 1700000000);
                    """;
                downgrade.Parameters.AddWithValue("$hash", Auth.TokenAuthenticationHandler.HashToken(token));
                await downgrade.ExecuteNonQueryAsync();
            }

            SqliteConnection.ClearAllPools();
            await using var upgraded = await ServerInstance.StartAsync("--data-dir", dir);
            using var client = upgraded.Client(token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health/auth")).StatusCode);
            var (_, listed, _) = await upgraded.AdminAsync(["user", "token", "list", "dave"]);
            Assert.Matches(@"\n\d+\t-\t2023-11-14 22:13:20Z\t", listed);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
