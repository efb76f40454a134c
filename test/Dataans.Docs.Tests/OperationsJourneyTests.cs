using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// docs/operations.md as a self-hoster follows it: publish the server, run the published executable,
/// manage users, rotate an epoch, reset a store; Cloudflare and OIDC modes against a local identity
/// provider; PostgreSQL + S3 against the real PostgreSQL and s3rver of the tests. The documented folders
/// (/opt, /var/lib), host names and secrets are the placeholders replaced by the test's own.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class OperationsJourneyTests : IDisposable
{
    private const string Publish = "dotnet publish src/Dataans.Server -c Release -o /opt/dataans-server";

    public static readonly string[] AdminCommands =
    [
        Publish,
        "/opt/dataans-server/dataans-server --data-dir /var/lib/dataans-server --urls http://127.0.0.1:8080",
        "dataans-server user add alice --data-dir /var/lib/dataans-server",
        "dataans-server user token add alice --label phone --data-dir /var/lib/dataans-server",
        "dataans-server user token list alice --data-dir /var/lib/dataans-server",
        "dataans-server user token revoke 2 --data-dir /var/lib/dataans-server",
        "dataans-server user list --data-dir /var/lib/dataans-server",
        "dataans-server --version",
        "dataans-server user remove alice --data-dir /var/lib/dataans-server",
        "dataans-server epoch rotate alice --data-dir /var/lib/dataans-server",
        "dataans-server store reset alice --yes --data-dir /var/lib/dataans-server",
        "dataans-server backup /var/backups/dataans-server/2026-12-04 --data-dir /var/lib/dataans-server",
        "dataans-server restore /var/backups/dataans-server/2026-12-04 --yes --data-dir /var/lib/dataans-server",
    ];

    public static readonly string[] IdentityCommands =
    [
        Publish,
        "dataans-server --data-dir /var/lib/dataans-server --auth cloudflare --cloudflare-team TEAM --cloudflare-aud AUD_TAG",
        "dataans-server --data-dir /var/lib/dataans-server --auth oidc --oidc-authority https://issuer.example.com/realms/x --oidc-audience dataans",
    ];

    public static readonly string[] ScaleOutCommands =
    [
        Publish,
        "dataans-server --urls http://0.0.0.0:8080 --data-dir /var/lib/dataans-server --operations-store postgres --postgres \"Host=db;Username=dataans;Password=…;Database=dataans\" --files-store s3 --s3-endpoint https://ACCOUNT.r2.cloudflarestorage.com --s3-bucket dataans --s3-access-key KEY --s3-secret-key SECRET --s3-region auto",
    ];

    public static readonly string[] ServiceCommands =
    [
        Publish,
        "systemd-analyze verify /opt/dataans-server/dataans-server.service",
    ];

    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(3);
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-ops-").FullName;
    private readonly Shell _shell;
    private readonly Dictionary<string, string> _values;

    public OperationsJourneyTests()
    {
        _shell = new Shell(Path.Combine(_root, "home"));
        var published = Path.Combine(_root, "opt", "dataans-server");
        _values = new()
        {
            ["/opt/dataans-server"] = published,
            ["/var/lib/dataans-server"] = Path.Combine(_root, "var", "lib", "dataans-server"),
            ["/var/backups/dataans-server/2026-12-04"] = Path.Combine(_root, "var", "backups", "dataans-server", "2026-12-04"),
        };
        _shell.Set("PATH", published + ":" + Environment.GetEnvironmentVariable("PATH"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task PublishedServer_AdminCommandsDoWhatTheySay()
    {
        var ledger = new CommandLedger(AdminCommands);
        (await ledger.RunAsync(_shell, Publish, _values)).AssertSucceeded();
        var port = ServerPort.Choose();
        var values = With(ServerPort.Substitutions(port));
        await using var server = ledger.Start(_shell, "/opt/dataans-server/dataans-server --data-dir /var/lib/dataans-server --urls http://127.0.0.1:8080", values);
        using var http = SyncServerClient.ForPort(port);
        await http.WaitUntilReadyAsync();

        var token = (await ledger.RunAsync(_shell, "dataans-server user add alice --data-dir /var/lib/dataans-server", values)).AssertSucceeded().LastLine;
        Assert.Equal(200, await http.AuthStatusAsync(token));

        // A second device gets its own token; revoking it (id 2, as the list shows) leaves the first one working.
        var phone = (await ledger.RunAsync(_shell, "dataans-server user token add alice --label phone --data-dir /var/lib/dataans-server", values)).AssertSucceeded().LastLine;
        Assert.Equal(200, await http.AuthStatusAsync(phone));
        var tokens = (await ledger.RunAsync(_shell, "dataans-server user token list alice --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        Assert.Contains("\n2\tphone\t", tokens.Stdout, StringComparison.Ordinal);
        (await ledger.RunAsync(_shell, "dataans-server user token revoke 2 --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        Assert.Equal(401, await http.AuthStatusAsync(phone));
        Assert.Equal(200, await http.AuthStatusAsync(token));

        var list = (await ledger.RunAsync(_shell, "dataans-server user list --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        Assert.Contains("alice\t", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("\t1 token\t", list.Stdout, StringComparison.Ordinal);
        var version = (await ledger.RunAsync(_shell, "dataans-server --version", values)).AssertSucceeded();
        Assert.StartsWith("dataans-server ", version.LastLine, StringComparison.Ordinal);

        await http.PushOpaqueOperationAsync(token);
        var (epoch, operations) = await http.PullAsync(token);
        Assert.Equal(1, operations);
        (await ledger.RunAsync(_shell, "dataans-server epoch rotate alice --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        var rotated = await http.PullAsync(token);
        Assert.NotEqual(epoch, rotated.Epoch);
        Assert.Equal(1, rotated.Operations); // a new epoch keeps the data

        // A backup taken while the server runs; an operation pushed after it is gone once the backup is restored
        // into the running server, which answers with a new epoch at once.
        (await ledger.RunAsync(_shell, "dataans-server backup /var/backups/dataans-server/2026-12-04 --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        await http.PushOpaqueOperationAsync(token);
        Assert.Equal(2, (await http.PullAsync(token)).Operations);
        (await ledger.RunAsync(_shell, "dataans-server restore /var/backups/dataans-server/2026-12-04 --yes --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        var restored = await http.PullAsync(token);
        Assert.Equal(1, restored.Operations);
        Assert.NotEqual(rotated.Epoch, restored.Epoch);

        (await ledger.RunAsync(_shell, "dataans-server store reset alice --yes --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        Assert.Equal(0, (await http.PullAsync(token)).Operations);

        (await ledger.RunAsync(_shell, "dataans-server user remove alice --data-dir /var/lib/dataans-server", values)).AssertSucceeded();
        Assert.Equal(401, await http.AuthStatusAsync(token));
        ledger.AssertEveryCommandRan();
    }

    [Fact]
    public async Task PublishedServer_ShipsASystemdUnitThatVerifies()
    {
        var ledger = new CommandLedger(ServiceCommands);
        (await ledger.RunAsync(_shell, Publish, _values)).AssertSucceeded();

        // The unit names /opt/dataans-server, as documented; published elsewhere, ExecStart is changed to match.
        var unit = Path.Combine(_values["/opt/dataans-server"], "dataans-server.service");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(unit)).Replace("/opt/dataans-server", _values["/opt/dataans-server"], StringComparison.Ordinal));
        var verified = (await ledger.RunAsync(_shell, "systemd-analyze verify /opt/dataans-server/dataans-server.service", _values)).AssertSucceeded();
        Assert.Equal(string.Empty, (verified.Stdout + verified.Stderr).Trim());
        ledger.AssertEveryCommandRan();
    }

    [Fact]
    public async Task CloudflareAndOidcModes_AcceptTheProvidersTokens()
    {
        var ledger = new CommandLedger(IdentityCommands);
        (await ledger.RunAsync(_shell, Publish, _values)).AssertSucceeded();
        await using var identity = await JwksServer.StartAsync();
        var port = ServerPort.Choose();
        ServerPort.Apply(_shell, port);
        using var http = SyncServerClient.ForPort(port);

        // The team's certificate and issuer addresses point at the local provider (the documented
        // overrides for private deployments and tests); the command itself is as written.
        _shell.Set("DATAANS_SERVER_AUTH__CLOUDFLARE__CERTSURL", identity.CertsUrl);
        _shell.Set("DATAANS_SERVER_AUTH__CLOUDFLARE__ISSUER", identity.Issuer);
        var cloudflare = With(new() { ["TEAM"] = "docs-team", ["AUD_TAG"] = "docs-aud-tag" });
        await using (var server = ledger.Start(_shell, "dataans-server --data-dir /var/lib/dataans-server --auth cloudflare --cloudflare-team TEAM --cloudflare-aud AUD_TAG", cloudflare))
        {
            await http.WaitUntilReadyAsync();
            Assert.Equal(401, await http.AuthStatusAsync(null));
            Assert.Equal(200, await http.AuthStatusAsync(identity.Token("alice", "docs-aud-tag"), asCloudflareCookie: true));
            Assert.Equal(401, await http.AuthStatusAsync(identity.Token("alice", "another-app"), asCloudflareCookie: true));
        }

        _shell.Set("DATAANS_SERVER_AUTH__OIDC__REQUIREHTTPSMETADATA", "false"); // the provider here is plain http on loopback
        var oidc = With(new() { ["https://issuer.example.com/realms/x"] = identity.Issuer });
        await using (var server = ledger.Start(_shell, "dataans-server --data-dir /var/lib/dataans-server --auth oidc --oidc-authority https://issuer.example.com/realms/x --oidc-audience dataans", oidc))
        {
            await http.WaitUntilReadyAsync();
            Assert.Equal(401, await http.AuthStatusAsync(null));
            Assert.Equal(200, await http.AuthStatusAsync(identity.Token("alice", "dataans")));
            Assert.Equal(401, await http.AuthStatusAsync(identity.Token("alice", "another-app")));
        }

        ledger.AssertEveryCommandRan();
    }

    [Fact]
    public async Task PostgresAndS3_ServeADeviceAndKeepItsFilesInTheBucket()
    {
        var ledger = new CommandLedger(ScaleOutCommands);
        (await ledger.RunAsync(_shell, Publish, _values)).AssertSucceeded();
        var postgres = await PostgresCluster.GetAsync();
        var s3 = await S3rver.GetAsync();
        var connection = await postgres.CreateDatabaseAsync("docs_ops");
        var port = Processes.FreePort();
        var values = With(new()
        {
            ["http://0.0.0.0:8080"] = $"http://127.0.0.1:{port}",
            ["Host=db;Username=dataans;Password=…;Database=dataans"] = connection,
            ["https://ACCOUNT.r2.cloudflarestorage.com"] = s3.Endpoint,
            ["dataans"] = S3rver.Bucket,
            ["KEY"] = S3rver.Key,
            ["SECRET"] = S3rver.Key,
        });
        var objectsBefore = Directory.GetFiles(s3.Dir, "*", SearchOption.AllDirectories).Length;
        await using var server = ledger.Start(_shell, ScaleOutCommands[^1], values);
        using var http = SyncServerClient.ForPort(port);
        await http.WaitUntilReadyAsync();

        // `user add` with the server's storage options acts on the same PostgreSQL database.
        var token = (await _shell.RunAsync($"dataans-server user add alice --operations-store postgres --postgres \"{connection}\"")).AssertSucceeded().LastLine;
        var device = new Device(Path.Combine(_root, "phone"));
        await File.WriteAllBytesAsync(Path.Combine(device.Home, "scan.pdf"), [0x25, 0x50, 0x44, 0x46, 9, 9, 9]);
        var space = (await device.Shell.RunAsync("dotnet run --project src/Dataans.App -- space add Inbox")).AssertSucceeded().LastLine;
        (await device.Shell.RunAsync($"dotnet run --project src/Dataans.App -- note add --space {space} \"scanned\" --attach ~/scan.pdf")).AssertSucceeded();
        (await device.Shell.RunAsync($"dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:{port}/ --token {token}", "pw\n")).AssertSucceeded();
        (await device.Shell.RunAsync("dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();

        var status = await device.JsonAsync("sync status");
        Assert.Equal(0, status.GetProperty("pendingOperations").GetInt64());
        Assert.True((await http.PullAsync(token)).Operations >= 3);
        Assert.True(Directory.GetFiles(s3.Dir, "*", SearchOption.AllDirectories).Length > objectsBefore, "Nothing reached the bucket.");
        ledger.AssertEveryCommandRan();
    }

    private Dictionary<string, string> With(Dictionary<string, string> more)
    {
        var all = new Dictionary<string, string>(_values);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }

        return all;
    }
}
