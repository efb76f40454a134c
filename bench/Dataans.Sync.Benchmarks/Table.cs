using System.Globalization;
using Dataans.Core.Sync;

namespace Dataans.Sync.Benchmarks;

/// <summary>Collects the measurements and prints them as Markdown tables.</summary>
internal sealed class Table
{
    private readonly List<string> _rows = [];
    private readonly List<string> _fileRows = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, (int Count, long Ciphertext, SyncResult Sent, SyncResult Received)> _deltas = [];

    public static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => $"{bytes:N0} B",
        < 10_000_000 => $"{bytes / 1000.0:N1} kB",
        _ => $"{bytes / 1_000_000.0:N1} MB",
    };

    public static string Ms(SyncResult result) => $"{result.Elapsed.TotalMilliseconds:N0} ms";

    public void Note(string text) => _notes.Add(text);

    public void Row(string name, object v2, object v1, string goal, bool? met) =>
        _rows.Add($"| {name} | {Format(v2)} | {Format(v1)} | {goal} | {(met is null ? string.Empty : met.Value ? "yes" : "**no**")} |");

    /// <param name="label">"v2" (with HTTP content codings), "v2 plain JSON" (the wire before them) or "v1".</param>
    public void Delta(string label, int count, long ciphertext, SyncResult sent, SyncResult received) =>
        _deltas[label] = (count, ciphertext, sent, received);

    public void FinishDeltas()
    {
        var (v2, plain, v1) = (_deltas["v2"], _deltas["v2 plain JSON"], _deltas["v1"]);
        Row($"delta of {v2.Count} ops: ciphertext of the ops", Bytes(v2.Ciphertext), Bytes(v1.Ciphertext), string.Empty, null);
        foreach (var (side, pick) in new (string, Func<(int, long, SyncResult Sent, SyncResult Received), SyncResult>)[] { ("push (sender)", d => d.Sent), ("pull (receiver)", d => d.Received) })
        {
            var (a, b) = (pick(v2), pick(v1));
            Row($"delta, {side}: requests", a.Requests, b.Requests, "≤ 2", a.Requests <= 2);
            Row(
                $"delta, {side}: bytes on the wire (× ciphertext)",
                $"{Bytes(a.BytesOnWire)} ({(double)a.BytesOnWire / v2.Ciphertext:F2}×)",
                $"{Bytes(b.BytesOnWire)} ({(double)b.BytesOnWire / v1.Ciphertext:F1}×)",
                "≤ 1.3× + 1 KB",
                a.BytesOnWire <= (1.3 * v2.Ciphertext) + 1024);
            var before = pick(plain);
            Row(
                $"delta, {side}: v2 as plain JSON, the wire before content codings ({plain.Count} ops, {Bytes(plain.Ciphertext)})",
                $"{Bytes(before.BytesOnWire)} ({(double)before.BytesOnWire / plain.Ciphertext:F2}×)",
                string.Empty,
                string.Empty,
                null);
        }
    }

    public void FileRows(FileRoundTrip.Result file)
    {
        var mb = file.Bytes / 1_000_000.0;
        _fileRows.Add($"| file size | {file.Bytes / (1024.0 * 1024 * 1024):F2} GiB ({mb:N0} MB), random bytes |");
        _fileRows.Add($"| import into the store (local copy, not sync) | {file.Import.TotalSeconds:F1} s |");
        _fileRows.Add($"| upload (encrypt + send), throughput | {mb / file.Upload.TotalSeconds:N0} MB/s ({file.Upload.TotalSeconds:F1} s) |");
        _fileRows.Add($"| download (receive + decrypt + write), throughput | {mb / file.Download.TotalSeconds:N0} MB/s ({file.Download.TotalSeconds:F1} s) |");
        _fileRows.Add($"| round trip | {mb / (file.Upload + file.Download).TotalSeconds:N0} MB/s ({(file.Upload + file.Download).TotalSeconds:F1} s) |");
        _fileRows.Add($"| client working set before the transfers | {file.WorkingSetBeforeMiB:F0} MiB |");
        _fileRows.Add($"| client peak working set during upload / download | {file.PeakUploadMiB:F0} MiB / {file.PeakDownloadMiB:F0} MiB |");
        _fileRows.Add($"| managed bytes allocated during both transfers | {Bytes(file.Allocated)} |");
        _fileRows.Add($"| downloaded bytes equal the original | {(file.BytesEqual ? "yes" : "**NO**")} |");
    }

    public void Print()
    {
        Console.WriteLine("| measurement | v2 | v1 (seed algorithm) | goal (v2) | met |");
        Console.WriteLine("|---|---|---|---|---|");
        _rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| attachment round trip (the same file code serves v1 and v2) | value |");
        Console.WriteLine("|---|---|");
        _fileRows.ForEach(Console.WriteLine);
        Console.WriteLine();
        _notes.ForEach(note => Console.WriteLine("- " + note));
    }

    private static string Format(object value) => value switch
    {
        int number => number.ToString("N0", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
