using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Dataans.Sync.Benchmarks;

/// <summary>
/// Runs a command as the only child of a small wrapper process (this benchmark started with
/// <see cref="Flag"/>) and reports the child's exact peak resident set size and CPU time: once the
/// wrapper has reaped its one child, <c>getrusage(RUSAGE_CHILDREN)</c> gives that child's
/// <c>ru_maxrss</c> (the kernel's high-water mark, nothing sampled) and its user and system time.
/// The wrapper times the child itself, so its own start-up is not in the wall time.
/// </summary>
internal static partial class MeasuredChild
{
    public const string Flag = "--measure-child";

    private const int RusageChildren = -1;

    /// <summary>The wrapper: <c>--measure-child RESULT-FILE PROGRAM ARGS...</c>; the child inherits standard input and output.</summary>
    public static async Task<int> WrapAsync(string[] args)
    {
        var result = args[1];
        var info = new ProcessStartInfo(args[2]) { UseShellExecute = false };
        foreach (var arg in args[3..])
        {
            info.ArgumentList.Add(arg);
        }

        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (GetResourceUsage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var cpu = usage.UserTime.Milliseconds + usage.SystemTime.Milliseconds;
        await File.WriteAllTextAsync(result, string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds} {cpu} {usage.MaxResidentKiB}"));
        return process.ExitCode;
    }

    /// <summary>Runs <paramref name="program"/> through the wrapper; standard input is written, output collected.</summary>
    public static async Task<ChildRun> RunAsync(string program, IEnumerable<string> args, string? stdin, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Path.GetTempFileName();
        try
        {
            // Started as `dotnet Dataans.Sync.Benchmarks.dll` or through its apphost.
            var host = Environment.ProcessPath!;
            string[] self = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [typeof(MeasuredChild).Assembly.Location] : [];
            var info = new ProcessStartInfo(host, [.. self, Flag, result, program, .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            info.Environment.Remove("DATAANS_TOKEN");
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                info.Environment[name] = value;
            }

            var load = LoadAverage.OneMinute();
            using var process = Process.Start(info)!;
            await process.StandardInput.WriteAsync(stdin ?? string.Empty);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`{string.Join(' ', args)}` exited with {process.ExitCode}: {await stderr}");
            }

            var fields = (await File.ReadAllTextAsync(result)).Split(' ').Select(field => double.Parse(field, CultureInfo.InvariantCulture)).ToArray();
            return new ChildRun(TimeSpan.FromMilliseconds(fields[0]), TimeSpan.FromMilliseconds(fields[1]), fields[2] / 1024, load, LoadAverage.OneMinute(), await stdout);
        }
        finally
        {
            File.Delete(result);
        }
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TimeValue
    {
        private readonly long _seconds;
        private readonly long _microseconds;

        public double Milliseconds => (_seconds * 1_000) + (_microseconds / 1_000.0);
    }

    /// <summary>Linux <c>struct rusage</c> on 64-bit: two timevals and fourteen longs (ru_maxrss in KiB).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ResourceUsage
    {
        public readonly TimeValue UserTime;
        public readonly TimeValue SystemTime;
        public readonly long MaxResidentKiB;
        private readonly long _rest0;
        private readonly long _rest1;
        private readonly long _rest2;
        private readonly long _rest3;
        private readonly long _rest4;
        private readonly long _rest5;
        private readonly long _rest6;
        private readonly long _rest7;
        private readonly long _rest8;
        private readonly long _rest9;
        private readonly long _rest10;
        private readonly long _rest11;
        private readonly long _rest12;
    }
}

/// <summary>One measured child process: wall and CPU time (user + system), exact peak RSS (MiB), the 1-minute load average at its start and end.</summary>
internal sealed record ChildRun(TimeSpan Elapsed, TimeSpan Cpu, double PeakMiB, double LoadAtStart, double LoadAtEnd, string Stdout)
{
    public string Cells => string.Create(
        CultureInfo.InvariantCulture, $"{Elapsed.TotalMilliseconds:N0} ms | {Cpu.TotalMilliseconds:N0} ms | {PeakMiB:F0} MiB | {LoadAtStart:F1} → {LoadAtEnd:F1}");
}

internal static class LoadAverage
{
    public static double OneMinute() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public static string Text() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
