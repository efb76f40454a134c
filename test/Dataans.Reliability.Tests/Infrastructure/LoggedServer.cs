using System.Net.Http.Headers;
using Dataans.Server;
using Dataans.Server.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// A real dataans-server on Kestrel at 127.0.0.1 (random port), built as Program builds it, whose log
/// goes to <see cref="Logs"/> instead of the console.
/// </summary>
internal sealed class LoggedServer : IAsyncDisposable
{
    private readonly string[] _storageArgs;

    private LoggedServer(WebApplication app, string dataDir, string[] storageArgs, CapturedLogs logs)
    {
        App = app;
        DataDir = dataDir;
        Logs = logs;
        _storageArgs = storageArgs;
        BaseAddress = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public WebApplication App { get; }

    /// <summary>The server's --data-dir (its SQLite database and files folder unless other stores are chosen).</summary>
    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Starts a server with dataans-server <paramref name="args"/> (a temp --data-dir is added) logging at <paramref name="level"/> and above.</summary>
    public static async Task<LoggedServer> StartAsync(LogLevel level, params string[] args)
    {
        var dataDir = Directory.CreateTempSubdirectory("dataans-reliability-server-").FullName;
        string[] storageArgs = [.. args, "--data-dir", dataDir];
        var logs = new CapturedLogs(level);
        var levelName = level.ToString();
        var builder = SyncServerHost.CreateBuilder([.. storageArgs, "--urls", "http://127.0.0.1:0",
            $"--Logging:LogLevel:Default={levelName}", $"--Logging:LogLevel:Microsoft={levelName}",
            $"--Logging:LogLevel:Microsoft.AspNetCore={levelName}", $"--Logging:LogLevel:System={levelName}"]);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(level);
        var app = builder.Build();
        app.MapSyncEndpoints();
        await app.StartAsync();
        return new LoggedServer(app, dataDir, storageArgs, logs);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a token user through the real admin command and returns the printed token.</summary>
    public async Task<string> AddUserAsync(string name)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AdminCommands.RunAsync(["user", "add", name, .. _storageArgs], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        return stdout.ToString().TrimEnd().Split('\n')[^1];
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }
}
