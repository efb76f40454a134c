using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Dataans.Server.Tests;

/// <summary>The operator commands through the real executable, as docs/operations.md shows them.</summary>
public sealed class AdminCommandTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("dataans-admin-").FullName;

    [Fact]
    public async Task GlobalOptionBeforeTheCommand_RunsTheCommandNotAServer()
    {
        var added = await RunAsync("--data-dir", _dataDir, "user", "add", "alice");
        Assert.True(added.Code == 0, added.Stderr);
        Assert.StartsWith("dst_", added.Stdout.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Contains($"using operations in SQLite {_dataDir}/server.sqlite, files in {_dataDir}/files", added.Stderr, StringComparison.Ordinal);

        var listed = await RunAsync("user", "--data-dir", _dataDir, "list");
        Assert.Equal(0, listed.Code);
        Assert.StartsWith("alice\t", listed.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("epoch", "rotate")]
    [InlineData("store", "reset")]
    public async Task UnknownUser_IsRefusedAndNotCreated(string noun, string verb)
    {
        Assert.Equal(0, (await RunAsync("user", "add", "alice", "--data-dir", _dataDir)).Code);
        var refused = await RunAsync(noun, verb, "alcie", "--yes", "--data-dir", _dataDir);
        if (noun == "epoch")
        {
            Assert.Equal(2, refused.Code); // --yes does not apply to epoch rotate
            refused = await RunAsync(noun, verb, "alcie", "--data-dir", _dataDir);
        }

        Assert.Equal(1, refused.Code);
        Assert.Contains("no user 'alcie'", refused.Stderr, StringComparison.Ordinal);
        var listed = await RunAsync("user", "list", "--data-dir", _dataDir);
        Assert.DoesNotContain("alcie", listed.Stdout, StringComparison.Ordinal);
        string[] confirm = noun == "store" ? ["--yes"] : [];
        Assert.Equal(0, (await RunAsync([noun, verb, "alice", .. confirm, "--data-dir", _dataDir])).Code);
    }

    [Theory]
    [InlineData("--data-dirr", "unknown option '--data-dirr' (did you mean --data-dir?)")]
    [InlineData("extra", "unexpected 'extra' after user list")]
    [InlineData("--label", "--label needs a value")]
    [InlineData("--yes", "--yes does not apply to 'user list'")]
    public async Task UnknownOptionsAndStrayWords_AreUsageErrors(string extra, string message)
    {
        var result = await RunAsync("user", "list", "--data-dir", _dataDir, extra);
        Assert.Equal(2, result.Code);
        Assert.Equal($"dataans-server: {message}", result.StderrLines.Single().Split(';')[0].TrimEnd('.'));
    }

    [Theory]
    [InlineData("user", "'user' needs one of: add, list, remove, token")]
    [InlineData("user token", "'user token' needs one of: add, list, revoke")]
    [InlineData("epoch", "'epoch' needs one of: rotate")]
    [InlineData("users", "'users' is not a command")]
    public async Task ACommandGroupAlone_NamesWhatMayFollow(string typed, string message)
    {
        var result = await RunAsync([.. typed.Split(' '), "--data-dir", _dataDir]);
        Assert.Equal(2, result.Code);
        Assert.Equal($"dataans-server: {message}; see dataans-server --help.", result.StderrLines.Single());
    }

    [Fact]
    public async Task UserList_WithNoUsers_SaysHowToAddOne_OnStandardError()
    {
        var result = await RunAsync("user", "list", "--data-dir", _dataDir);
        Assert.Equal(0, result.Code);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("No users yet: 'dataans-server user add NAME' creates one and prints its token.", result.StderrLines);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await RunAsync("--version");
        Assert.Equal(0, result.Code);
        Assert.Matches(@"^dataans-server \d+\.\d+\.\d+", result.Stdout);
    }

    [Fact]
    public async Task UserList_ShowsUsersSignedInByJwtToo()
    {
        await using var idp = await JwksServer.StartAsync();
        string[] oidc = ["--auth", "oidc", "--oidc-authority", idp.Issuer, "--oidc-audience", "dataans", "--Auth:Oidc:RequireHttpsMetadata=false",
            "--data-dir", _dataDir];
        await using (var server = await ServerInstance.StartAsync(oidc))
        {
            using var client = server.Client(idp.Token("oidc-user-7", "dataans"));
            await TestOps.PushAsync(client, TestOps.Many(3));
        }

        var listed = await RunAsync(["user", "list", .. oidc]);
        Assert.Equal(0, listed.Code);
        var line = Assert.Single(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^oidc-user-7\t.*\tsigned in .*\t3 operations$", line);
    }

    [Fact]
    public async Task StoreReset_OnS3_LeavesNoObjectOfTheUser()
    {
        var s3 = await S3rver.GetAsync();
        string[] storage = [.. s3.ServerArgs(), "--data-dir", _dataDir];
        var prefix = storage[Array.IndexOf(storage, "--s3-prefix") + 1];
        await using (var server = await ServerInstance.StartAsync(storage))
        {
            using var client = server.Client(await server.AddUserAsync("bob"));
            for (var i = 0; i < 3; i++)
            {
                (await client.PostAsync($"file/{Guid.NewGuid()}", new ByteArrayContent(new byte[100 + i]))).EnsureSuccessStatusCode();
            }

            (await client.PutAsync($"v2/files/{Guid.NewGuid()}?offset=0", new ByteArrayContent(new byte[10]))).EnsureSuccessStatusCode();
        }

        using var bucket = new AmazonS3Client(S3rver.Key, S3rver.Key, new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true });
        Assert.Equal(4, await CountAsync(bucket, prefix + "bob/"));
        var reset = await RunAsync(["store", "reset", "bob", "--yes", .. storage]);
        Assert.True(reset.Code == 0, reset.Stderr);
        Assert.Contains("4 files of 'bob'", reset.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(bucket, prefix + "bob/"));
    }

    private static async Task<int> CountAsync(IAmazonS3 bucket, string prefix) =>
        (await bucket.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3rver.Bucket, Prefix = prefix })).S3Objects?.Count ?? 0;

    private static Task<ProcessResult> RunAsync(params string[] args) => ServerExecutable.RunAsync(args);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }
}
