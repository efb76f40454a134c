using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// The live managed heap of another .NET process: <c>dotnet-gcdump</c> (the repository's local tool)
/// forces a full collection in it and counts what survived. Unlike RSS, this does not move with memory
/// the runtime keeps committed for later, so growth here is what a leak looks like.
/// </summary>
internal static partial class LiveHeap
{
    public static async Task<long> MeasureAsync(int processId)
    {
        var dump = Path.Combine(Path.GetTempPath(), $"dataans-live-heap-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunToolAsync("collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", dump);
            var report = await RunToolAsync("report", dump);
            var match = HeapBytes().Match(report);
            return match.Success
                ? long.Parse(match.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("dotnet-gcdump report printed no 'GC Heap bytes' line:\n" + report);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> RunToolAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Processes.RepoRoot(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["tool", "run", "dotnet-gcdump", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"dotnet-gcdump {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapBytes();
}
