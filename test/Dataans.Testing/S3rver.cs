using System.Diagnostics;

namespace Dataans.Testing;

/// <summary>One real s3rver (npm, tools/s3rver) per test run with the bucket <see cref="Bucket"/>; tests isolate by key prefix.</summary>
public sealed class S3rver
{
    public const string Bucket = "dataans-test";
    public const string Key = "S3RVER";
    private static readonly Lazy<Task<S3rver>> Shared = new(StartAsync);
    private static int _prefixes;

    private S3rver(Process process, string dir, int port)
    {
        Process = process;
        Dir = dir;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public Process Process { get; }

    public string Dir { get; }

    public string Endpoint { get; }

    public static Task<S3rver> GetAsync() => Shared.Value;

    public static string NewPrefix() => $"t{Interlocked.Increment(ref _prefixes)}-{Guid.NewGuid():N}/";

    /// <summary>Server arguments that select this S3 store with a fresh prefix.</summary>
    public string[] ServerArgs() =>
    [
        "--files-store", "s3", "--s3-endpoint", Endpoint, "--s3-bucket", Bucket, "--s3-access-key", Key,
        "--s3-secret-key", Key, "--s3-prefix", NewPrefix(), "--s3-path-style", "true",
    ];

    private static async Task<S3rver> StartAsync()
    {
        var script = Path.Combine(Processes.RepoRoot(), "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException("s3rver is missing; run scripts/ensure-test-deps.sh (cd tools/s3rver && npm ci).");
        }

        var dir = Path.Combine(Path.GetTempPath(), "dataans-s3-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var port = Processes.FreePort();
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DATAANS_TEST_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var a in new[] { "--require", Path.Combine(Processes.RepoRoot(), "tools", "s3rver", "watchdog.js"), script, "-d", dir, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "--configure-bucket", Bucket, "--no-vhost-buckets" })
        {
            info.ArgumentList.Add(a);
        }

        var process = await Processes.StartListeningAsync(info, port);
        var server = new S3rver(process, dir, port);
        return server;
    }

    /// <summary>Stops the shared instance if this run started one (called once when the test run ends).</summary>
    public static void StopIfStarted()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
        {
            Shared.Value.Result.Stop();
        }
    }

    private void Stop()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
            Directory.Delete(Dir, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("Stopping s3rver failed: " + e.Message);
        }
    }
}
