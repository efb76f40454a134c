
namespace Dataans.Sync.Tests;

/// <summary>
/// <c>dataans sync login</c> through the real executable: OpenID Connect through the browser, secrets
/// from standard input in the documented order or from <c>DATAANS_TOKEN</c>, and an expired session
/// that asks only to sign in again.
/// </summary>
public sealed class SyncLoginCliTests : IAsyncLifetime
{
    private const string Audience = "dataans-cli-aud";
    private readonly List<string> _folders = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Login_OpenIdServer_ThroughTheBrowser_ThenSignInAgainKeepsTheKey()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var server = await ServerInstance.StartAsync(provider.ServerArgs);
        using var browser = OidcProvider.NewBrowser();
        var cli = NewDevice(browser, "kim");
        var url = server.BaseAddress.AbsoluteUri;

        var login = await cli.RunAsync("pw\n", null, ["sync", "login", "--server", url, "--no-browser", "--password-stdin", .. provider.LoginArgs]);
        Assert.True(login.Code == 0, login.Stderr);
        Assert.Contains($"Signed in to {url}.", login.Stdout, StringComparison.Ordinal);
        Assert.Contains("Your passphrase: ", login.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync(null, null, "space", "add", "From the CLI")).Code);
        var now = await cli.RunAsync(null, null, "sync", "now");
        Assert.True(now.Code == 0, now.Stderr);
        var verify = await cli.RunAsync(null, null, "sync", "verify");
        Assert.True(verify.Code == 0, verify.Stderr);
        Assert.True(verify.Stdout.Contains("verified 2 operations here against 2 on the server in 1 block of digests (1 equal): nothing to repair", StringComparison.Ordinal), verify.Stdout);

        // Again, with nothing on standard input: the issuer comes from the profile, the key stays.
        var again = await cli.RunAsync(null, null, "sync", "login", "--server", url, "--no-browser");

        Assert.True(again.Code == 0, again.Stderr);
        Assert.Contains("again; the encryption key on this device was kept", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync(null, null, "sync", "now")).Code);
    }

    [Fact]
    public async Task Login_TokenPasswordAndPassphraseFromStandardInput_OrTheTokenFromTheEnvironment()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("lee");
        var url = server.BaseAddress.AbsoluteUri;
        var first = NewDevice(null, null);

        // Token, password, then an empty passphrase line: a first device gets one generated.
        var created = await first.RunAsync($"{token}\npw\n\n", null, "sync", "login", "--server", url, "--token-stdin", "--password-stdin", "--passphrase-stdin");
        Assert.True(created.Code == 0, created.Stderr);
        var passphrase = created.Stdout.Split('\n').Single(line => line.StartsWith("Your passphrase: ", StringComparison.Ordinal))["Your passphrase: ".Length..].Trim();

        // DATAANS_TOKEN, then password and the passphrase written down in lower case with spaces.
        var second = NewDevice(null, null);
        var joined = await second.RunAsync(
            $"pw\n{passphrase.ToLowerInvariant().Replace('-', ' ')}\n",
            new Dictionary<string, string> { ["DATAANS_TOKEN"] = token },
            "sync", "login", "--server", url, "--password-stdin", "--passphrase-stdin");

        Assert.True(joined.Code == 0, joined.Stderr);
        Assert.Contains($"Signed in to {url}.", joined.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, joined.Stdout + joined.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await second.RunAsync(null, null, "sync", "now")).Code);
    }

    [Fact]
    public async Task ExpiredSession_SyncNowAsksToSignInAgain_AndANewTokenKeepsTheKey()
    {
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer, "--Auth:ClockSkewSeconds=0");
        var url = server.BaseAddress.AbsoluteUri;
        var cli = NewDevice(null, null);
        var shortLived = idp.Token("max", Audience, expires: DateTime.UtcNow.AddSeconds(20));
        var login = await cli.RunAsync($"{shortLived}\npw\n", null, "sync", "login", "--server", url, "--token-stdin", "--password-stdin");
        Assert.True(login.Code == 0, login.Stderr);
        await server.WaitUntilAccessJwtRefusedAsync(shortLived);

        var now = await cli.RunAsync(null, null, "sync", "now");
        var status = await cli.RunAsync(null, null, "sync", "status");

        Assert.Equal(1, now.Code);
        Assert.Contains("sign in again", now.Stderr, StringComparison.Ordinal);
        Assert.Contains($"run 'dataans sync login --server {url}' (no password or passphrase needed)", now.Stderr, StringComparison.Ordinal);
        Assert.Contains("The sign-in expired", status.Stdout, StringComparison.Ordinal);

        // Only the new token on standard input: no password line is read.
        var again = await cli.RunAsync(idp.Token("max", Audience) + "\n", null, "sync", "login", "--server", url, "--token-stdin");
        Assert.True(again.Code == 0, again.Stderr);
        Assert.Contains("the encryption key on this device was kept", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync(null, null, "sync", "now")).Code);

        Assert.Equal(0, (await cli.RunAsync(null, null, "sync", "logout")).Code);
        var after = await cli.RunAsync(null, null, "sync", "status");
        Assert.Contains("Not signed in.", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("Never synced.", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongTokenOrWrongAddress_SaysWhichOne_AndSignsNothingIn()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("ada");
        var url = server.BaseAddress.AbsoluteUri;
        var cli = NewDevice(null, null);

        var mistyped = await cli.RunAsync($"{token[..^1]}\npw\n", null, "sync", "login", "--server", url, "--token-stdin", "--password-stdin");
        Assert.Equal(1, mistyped.Code);
        Assert.Equal($"The sync server at {url} does not know this token. Give it whole, as 'dataans-server user add' or 'user token add' printed it; a revoked token no longer works.", mistyped.Stderr.Trim());

        // The address of the server's capture page, not of the server: its v2/info is not there.
        var wrongPath = await cli.RunAsync($"{token}\npw\n", null, "sync", "login", "--server", url + "capture/", "--token-stdin", "--password-stdin");
        Assert.Equal(1, wrongPath.Code);
        Assert.Equal(
            $"No Dataans sync server answers at {url}capture/: {url}capture/v2/info answered 404 (Not Found). Check the address: it is the one dataans-server prints when it starts, such as http://127.0.0.1:8080/.",
            wrongPath.Stderr.Trim());

        var status = await cli.RunAsync(null, null, "sync", "status");
        Assert.Contains("Not signed in.", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync($"{token}\npw\n", null, "sync", "login", "--server", url, "--token-stdin", "--password-stdin")).Code);
    }

    private DataansProcess NewDevice(HttpClient? browser, string? user)
    {
        var folder = Directory.CreateTempSubdirectory("dataans-cli-login-").FullName;
        _folders.Add(folder);
        const string prompt = "Sign in to the sync server in your browser: ";
        return new DataansProcess(folder)
        {
            OnErrorLine = browser is null ? null : line => line.StartsWith(prompt, StringComparison.Ordinal)
                ? OidcProvider.CompleteSignInAsync(browser, new Uri(line[prompt.Length..].Trim()), user!)
                : Task.CompletedTask,
        };
    }
}
