namespace Dataans.App.Tests.Cli;

/// <summary>
/// <c>sync login --server</c> takes every usual form of an address, and refuses the rest as a usage
/// error with one sentence. The accepted forms reach the sign-in itself: with nothing listening there,
/// the failure names the normalised address, which proves the option parsed.
/// </summary>
public sealed class SyncLoginAddressTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("http://127.0.0.1:9/", "http://127.0.0.1:9/")]
    [InlineData("http://127.0.0.1:9", "http://127.0.0.1:9/")]
    [InlineData("http://localhost:9", "http://localhost:9/")]
    [InlineData("http://[::1]:9/", "http://[::1]:9/")]
    [InlineData("http://127.0.0.1:9/sync", "http://127.0.0.1:9/sync/")]
    [InlineData("https://127.0.0.1:9/prefix/dataans/", "https://127.0.0.1:9/prefix/dataans/")]
    [InlineData("  HTTP://LOCALHOST:9  ", "http://localhost:9/")]
    public async Task Login_AnyUsualAddress_ParsesAndTriesThatServer(string address, string normalised)
    {
        var result = await _cli.RunWithInputAsync("password\n", "sync", "login", "--server", address, "--token", "t0ken", "--password-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The sync server at {normalised} cannot be reached", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected error", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/", "must be an http:// or https:// address, not ftp://")]
    [InlineData("127.0.0.1:8080", "'127.0.0.1:8080' must start with http:// or https://")]
    [InlineData("notes.example.com", "'notes.example.com' must start with http:// or https://")]
    [InlineData("http://", "'http://' is not a valid address")]
    [InlineData("http://user:secret@127.0.0.1/", "without a user name, query or fragment")]
    [InlineData("http://127.0.0.1/?x=1", "without a user name, query or fragment")]
    [InlineData("", "needs the server's address")]
    public async Task Login_MalformedAddress_IsAUsageErrorInOneSentence(string address, string expected)
    {
        var result = await _cli.RunWithInputAsync("password\n", "sync", "login", "--server", address, "--token", "t0ken", "--password-stdin");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("--server ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected error", result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Arguments starting with '@' are taken as typed: System.CommandLine's response files are off.</summary>
public sealed class ResponseFileTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AnArgumentStartingWithAt_IsNotReadAsAFile()
    {
        var file = _cli.WriteFile("args.rsp", "--token\nsecret-from-a-file\n"u8.ToArray());

        var added = await _cli.RunAsync("space", "add", "@" + file);
        added.AssertOk();
        var login = await _cli.RunWithInputAsync("pw\n", "sync", "login", "--server", "http://127.0.0.1:9/", "@" + file, "--password-stdin");

        var names = await _cli.JsonAsync("space", "list");
        Assert.Equal("@" + file, names[0].GetProperty("name").GetString());
        Assert.Equal(2, login.ExitCode);
        Assert.DoesNotContain("secret-from-a-file", login.Stderr, StringComparison.Ordinal);
    }
}
