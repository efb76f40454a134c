using System.Net.Http.Headers;
using Dataans.Server;
using Dataans.Server.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dataans.Testing;

/// <summary>A real dataans-server on Kestrel at 127.0.0.1 (random port), built exactly as Program does.</summary>
public sealed class ServerInstance : IAsyncDisposable
{
    private readonly string[] _storageArgs;
    private readonly bool _ownsDataDir;
    private readonly CapturedLogs? _logs;

    private ServerInstance(WebApplication app, string dataDir, string[] storageArgs, bool ownsDataDir, CapturedLogs? logs)
    {
        App = app;
        DataDir = dataDir;
        _storageArgs = storageArgs;
        _ownsDataDir = ownsDataDir;
        _logs = logs;
        BaseAddress = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    /// <summary>The server's log, for a server started with <see cref="StartLoggedAsync"/>.</summary>
    public CapturedLogs Logs => _logs ?? throw new InvalidOperationException("This server logs to the console; start it with StartLoggedAsync.");

    /// <summary>Starts a server; <paramref name="args"/> are dataans-server options (a temp --data-dir is added unless given).</summary>
    public static Task<ServerInstance> StartAsync(params string[] args) =>
        StartAsync(args, ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Error"], null);

    /// <summary>Starts a server whose log at <paramref name="level"/> and above, every category, goes to <see cref="Logs"/> instead of the console.</summary>
    public static Task<ServerInstance> StartLoggedAsync(LogLevel level, params string[] args)
    {
        var name = level.ToString();
        string[] logging = [$"--Logging:LogLevel:Default={name}", $"--Logging:LogLevel:Microsoft={name}", $"--Logging:LogLevel:Microsoft.AspNetCore={name}", $"--Logging:LogLevel:System={name}"];
        return StartAsync(args, logging, new CapturedLogs(level));
    }

    private static async Task<ServerInstance> StartAsync(string[] args, string[] logging, CapturedLogs? logs)
    {
        var ownsDataDir = !args.Contains("--data-dir");
        var dataDir = ownsDataDir ? Directory.CreateTempSubdirectory("dataans-server-test-").FullName : args[Array.IndexOf(args, "--data-dir") + 1];
        string[] storageArgs = ownsDataDir ? [.. args, "--data-dir", dataDir] : args;
        var builder = SyncServerHost.CreateBuilder([.. storageArgs, "--urls", "http://127.0.0.1:0", .. logging]);
        if (logs is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(logs.MinimumLevel);
        }

        var app = builder.Build();
        app.MapSyncEndpoints();
        await app.StartAsync();
        return new ServerInstance(app, dataDir, storageArgs, ownsDataDir, logs);
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates a token user through the real admin command and returns the printed token.</summary>
    public async Task<string> AddUserAsync(string name)
    {
        var (code, stdout, stderr) = await AdminAsync(["user", "add", name]);
        Assert.True(code == 0, stderr);
        return stdout.TrimEnd().Split('\n')[^1];
    }

    public async Task<(int Code, string Stdout, string Stderr)> AdminAsync(string[] command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AdminCommands.RunAsync([.. command, .. _storageArgs], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Waits (up to a minute) until the server refuses a Cloudflare Access JWT, e.g. one that has just expired.</summary>
    public async Task WaitUntilAccessJwtRefusedAsync(string jwt)
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "health/auth");
            request.Headers.Add("Cf-Access-Jwt-Assertion", jwt);
            using var response = await client.SendAsync(request);
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the access JWT did not expire");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDataDir)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
