using System.Net;
using System.Net.Sockets;

namespace Dataans.Server.Tests;

/// <summary>
/// Every way a self-hoster's server fails to start, through the real executable: one sentence on stderr
/// naming what is wrong, exit code 2, and no stack trace anywhere.
/// </summary>
public sealed class StartupFailureTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dataans-startup-").FullName;
    private readonly List<IDisposable> _held = [];

    public static TheoryData<string> Cases =>
    [
        "port in use", "bad --urls", "--urls port with a typo", "--urls host name", "address not on this machine", "data folder under a file", "files folder under a file",
        "postgres unreachable", "postgres wrong password", "postgres malformed connection string", "postgres missing database",
        "s3 bucket missing", "s3 no credentials", "s3 unknown access key", "s3 unreachable", "broken appsettings.json",
        "unknown option", "stray word", "oidc issuer over http", "negative --max-file-bytes",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartupFailure_IsOneSentenceWithExitCodeTwo(string name)
    {
        var (args, expected, dll) = await ArrangeAsync(name);
        var result = await ServerExecutable.RunAsync(args, dll, new Dictionary<string, string>
        {
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ACCESS_KEY_ID"] = "",
            ["AWS_SECRET_ACCESS_KEY"] = "",
            ["HOME"] = _dir,
        });

        var because = $"{name}: exit {result.Code}\nstderr:\n{result.Stderr}\nstdout:\n{result.Stdout}";
        Assert.True(result.Code == 2, because);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("dataans-server: ", line, StringComparison.Ordinal);
        Assert.EndsWith(".", line, StringComparison.Ordinal);
        foreach (var fragment in expected)
        {
            Assert.True(line.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' missing. {because}");
        }

        Assert.DoesNotContain("   at ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", result.Stdout, StringComparison.Ordinal);
    }

    private async Task<(string[] Args, string[] Expected, string? Dll)> ArrangeAsync(string name)
    {
        var dataDir = Path.Combine(_dir, "data");
        string[] local = ["--data-dir", dataDir, "--urls", "http://127.0.0.1:0"];
        var blocker = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        switch (name)
        {
            case "port in use":
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                _held.Add(listener);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                return (["--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}"], [$"http://127.0.0.1:{port}", "already in use", "--urls"], null);
            case "bad --urls":
                return (["--data-dir", dataDir, "--urls", "localhost-8080"], ["--urls", "'localhost-8080'", "http://"], null);
            case "--urls port with a typo":
                // Kestrel alone would serve this on port 80 of every interface.
                return (["--data-dir", dataDir, "--urls", "http://127.0.0.1:0;http://0.0.0.0:80x"], ["--urls", "'http://0.0.0.0:80x'", "port must be a number"], null);
            case "--urls host name":
                return (["--data-dir", dataDir, "--urls", "http://notes.example.com:8080"], ["--urls", "'http://notes.example.com:8080'", "every interface"], null);
            case "address not on this machine":
                return (["--data-dir", dataDir, "--urls", "http://192.0.2.1:8080"], ["http://192.0.2.1:8080", "--urls"], null);
            case "data folder under a file":
                return (["--data-dir", Path.Combine(blocker, "data"), "--urls", "http://127.0.0.1:0"], ["--data-dir", $"'{blocker}' is a file"], null);
            case "files folder under a file":
                return ([.. local, "--files-dir", Path.Combine(blocker, "files")], ["--files-dir", $"'{blocker}' is a file"], null);
            case "postgres unreachable":
                var closed = Processes.FreePort();
                return ([.. local, "--operations-store", "postgres", "--postgres", $"Host=127.0.0.1;Port={closed};Username=dataans;Timeout=5"],
                    [$"PostgreSQL at 127.0.0.1:{closed}", "--postgres", "unreachable"], null);
            case "postgres wrong password":
                var cluster = await PostgresCluster.GetAsync();
                await cluster.CreatePasswordRoleAsync("dataans_pw", "right-password");
                return ([.. local, "--operations-store", "postgres", "--postgres",
                    $"Host=127.0.0.1;Port={cluster.Port};Username=dataans_pw;Password=wrong-password;Database=postgres"],
                    ["password", "'dataans_pw'", "--postgres"], null);
            case "postgres malformed connection string":
                return ([.. local, "--operations-store", "postgres", "--postgres", "postgres://dataans@db/dataans"], ["--postgres", "not a valid connection string"], null);
            case "postgres missing database":
                var running = await PostgresCluster.GetAsync();
                return ([.. local, "--operations-store", "postgres", "--postgres", $"Host=127.0.0.1;Port={running.Port};Username=postgres;Database=no_such_db"],
                    ["'no_such_db'", "--postgres"], null);
            case "s3 bucket missing":
                var s3 = await S3rver.GetAsync();
                return ([.. local, .. S3Args(s3, "no-such-bucket", S3rver.Key)], ["'no-such-bucket'", "does not exist", s3.Endpoint], null);
            case "s3 no credentials":
                var anonymous = await S3rver.GetAsync();
                return ([.. local, "--files-store", "s3", "--s3-endpoint", anonymous.Endpoint, "--s3-bucket", S3rver.Bucket],
                    [$"'{S3rver.Bucket}'", "--s3-access-key", "--s3-secret-key"], null);
            case "s3 unknown access key":
                var keyed = await S3rver.GetAsync();
                return ([.. local, .. S3Args(keyed, S3rver.Bucket, "WRONGKEY")], ["access key", "--s3-access-key", $"'{S3rver.Bucket}'"], null);
            case "s3 unreachable":
                var nowhere = $"http://127.0.0.1:{Processes.FreePort()}";
                return ([.. local, "--files-store", "s3", "--s3-endpoint", nowhere, "--s3-bucket", "b", "--s3-access-key", "k", "--s3-secret-key", "k"],
                    [nowhere, "unreachable", "--s3-endpoint"], null);
            case "broken appsettings.json":
                var dll = ServerExecutable.CopyWithAppSettings(Path.Combine(_dir, "app"), "{ \"Storage\": { \"DataDir\": ");
                return (local, ["appsettings.json", "is not valid JSON", "LineNumber"], dll);
            case "unknown option":
                return ([.. local, "--data-dirr", dataDir], ["'--data-dirr'", "did you mean --data-dir?"], null);
            case "stray word":
                return ([.. local, "serve"], ["'serve' is not a command"], null);
            case "oidc issuer over http":
                return ([.. local, "--auth", "oidc", "--oidc-authority", "http://idp.example/realms/x", "--oidc-audience", "dataans"],
                    ["--oidc-authority", "https://", "--oidc-require-https false"], null);
            case "negative --max-file-bytes":
                return ([.. local, "--max-file-bytes", "-5"], ["Limits:MaxFileBytes (--max-file-bytes)", "-5"], null);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }
    }

    private static string[] S3Args(S3rver s3, string bucket, string key) =>
        ["--files-store", "s3", "--s3-endpoint", s3.Endpoint, "--s3-bucket", bucket, "--s3-access-key", key, "--s3-secret-key", key];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _held.ForEach(h => h.Dispose());
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
