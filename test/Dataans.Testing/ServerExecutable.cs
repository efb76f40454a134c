using System.Diagnostics;

namespace Dataans.Testing;

/// <summary>
/// The real dataans-server executable (<c>dotnet dataans-server.dll</c> from src/Dataans.Server's own build
/// output) run to its end; <see cref="ServerProcess"/> keeps it running.
/// </summary>
public static class ServerExecutable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>
    /// The server's own build (the configuration this kit was built in), which every project referencing
    /// src/Dataans.Server builds first. Its copy beside a benchmark does not start: the benchmark's folder
    /// holds other versions of shared assemblies.
    /// </summary>
    public static string Dll
    {
        get
        {
            var dll = Path.Combine(Processes.RepoRoot(), "src", "Dataans.Server", "bin", Configuration, "net10.0", "dataans-server.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build src/Dataans.Server ({Configuration}).");
        }
    }

    /// <summary>Starts <c>dotnet dataans-server.dll</c> with <paramref name="args"/>, output redirected and no configuration file watcher.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? dll = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll ?? Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // No inotify watcher: the machine-wide limit (128) is shared by every process of the user.
        info.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        return info;
    }

    /// <summary>Creates a token user with the real admin command against <paramref name="storage"/> and returns the printed token.</summary>
    public static async Task<string> AddUserAsync(string name, IEnumerable<string> storage)
    {
        var result = await RunAsync(["user", "add", name, .. storage]);
        return result.Code == 0 ? result.Stdout.TrimEnd().Split('\n')[^1] : throw new InvalidOperationException($"user add {name} exited {result.Code}: {result.Stderr}");
    }

    /// <summary>Runs the executable to its end; a process still running after <paramref name="timeout"/> is killed and fails the test.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? dll = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = StartInfo(args, dll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"dataans-server {string.Join(' ', args)} was still running after {timeout ?? TimeSpan.FromSeconds(90)}:\n{await stdout}\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// A copy of the executable's folder (assemblies copied, native runtimes linked) whose
    /// <c>appsettings.json</c> is <paramref name="appSettings"/>: the file is read from beside the executable,
    /// so a test cannot change it in the shared output folder.
    /// </summary>
    public static string CopyWithAppSettings(string folder, string appSettings)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".dll", StringComparison.Ordinal) || name.StartsWith("dataans-server.", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(folder, name));
            }
        }

        Directory.CreateSymbolicLink(Path.Combine(folder, "runtimes"), Path.Combine(AppContext.BaseDirectory, "runtimes"));
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), appSettings);
        return Path.Combine(folder, "dataans-server.dll");
    }
}

public sealed record ProcessResult(int Code, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
