using System.Diagnostics;

namespace Dataans.Sync.Benchmarks;

/// <summary>
/// The built dataans-server (same configuration as this benchmark) as a separate process on SQLite and
/// a files folder in a temporary data directory, with token sign-in.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dll;

    private ServerProcess(Process process, string dll, string dataDir, Uri baseAddress)
    {
        _process = process;
        _dll = dll;
        DataDir = dataDir;
        BaseAddress = baseAddress;
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var dll = Path.Combine(Processes.RepoRoot(), "src", "Dataans.Server", "bin", Configuration, "net10.0", "dataans-server.dll");
        var dataDir = Directory.CreateTempSubdirectory("dataans-syncbench-server-").FullName;
        var port = Processes.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir, "--Logging:LogLevel:Default=Warning" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = await Processes.StartListeningAsync(info, port);
        return new ServerProcess(process, dll, dataDir, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Adds a token user through the real admin command and returns its token.</summary>
    public async Task<string> AddUserAsync(string name) =>
        (await Processes.RunAsync("dotnet", [_dll, "user", "add", name, "--data-dir", DataDir])).TrimEnd().Split('\n')[^1];

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}
