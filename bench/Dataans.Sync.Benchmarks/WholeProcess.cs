using System.Diagnostics;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Sync.Benchmarks;

/// <summary>
/// Issue 15 goal 5: whole processes, as a person runs them. One device holds the notes (written through
/// the store), signs in with <c>dataans sync login</c> and then each step is one <c>dataans sync now</c>
/// process timed from start to exit: first upload, no-op, a second device's first sync, and a delta of
/// 10 edited notes sent by the first device and received by the second. Key derivation happens at sign-in,
/// which is not timed.
/// </summary>
internal static class WholeProcess
{
    public static async Task<int> RunAsync(int notes)
    {
        var app = Path.Combine(Processes.RepoRoot(), "src", "Dataans.App", "bin", "Release", "net10.0", "dataans.dll");
        if (!File.Exists(app))
        {
            Console.Error.WriteLine($"Build the app in Release first (dotnet build -c Release src/Dataans.App): {app} is missing.");
            return 2;
        }

        await using var server = await ServerProcess.StartAsync("--Logging:LogLevel:Default=Warning");
        var token = await server.AddUserAsync("whole");
        var first = Directory.CreateTempSubdirectory("dataans-whole-a-").FullName;
        var second = Directory.CreateTempSubdirectory("dataans-whole-b-").FullName;
        try
        {
            var ids = await WriteNotesAsync(first, notes);
            var url = server.BaseAddress.AbsoluteUri;
            var login = await RunAsync(app, first, $"{token}\nbench password\n\n", "sync", "login", "--server", url, "--token-stdin", "--password-stdin", "--passphrase-stdin");
            var passphrase = login.Stdout.Split('\n').Single(line => line.StartsWith("Your passphrase: ", StringComparison.Ordinal))["Your passphrase: ".Length..].Trim();
            Console.WriteLine($"Whole processes: {notes:N0} notes, each step one `dataans sync now` (Release, dotnet dataans.dll), server on SQLite as another process; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
            Console.WriteLine("| step | wall time |");
            Console.WriteLine("|---|---|");
            Row("`dataans space list` (process start-up, for scale)", await RunAsync(app, first, null, "space", "list"));
            Row($"first upload of {notes:N0} notes", await RunAsync(app, first, null, "sync", "now"));
            Row("no-op", await RunAsync(app, first, null, "sync", "now"));
            await RunAsync(app, second, $"{token}\nbench password\n{passphrase}\n", "sync", "login", "--server", url, "--token-stdin", "--password-stdin", "--passphrase-stdin");
            Row($"new device: first sync of {notes:N0} notes", await RunAsync(app, second, null, "sync", "now"));
            await EditNotesAsync(first, ids.Take(10));
            Row("10-edit delta: send", await RunAsync(app, first, null, "sync", "now"));
            Row("10-edit delta: receive", await RunAsync(app, second, null, "sync", "now"));
            var converged = await StateJsonAsync(first) == await StateJsonAsync(second);
            Console.WriteLine($"load average at the end: {LoadAverage()}; the two devices' exports are identical: {(converged ? "yes" : "NO")}");
            return converged ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    private static void Row(string step, (TimeSpan Elapsed, string Stdout) run) =>
        Console.WriteLine($"| {step} | {run.Elapsed.TotalMilliseconds:N0} ms |");

    private static async Task<List<Guid>> WriteNotesAsync(string folder, int notes)
    {
        using var store = await DataansStore.OpenAsync(new DataDirectory(folder));
        var random = new Random(15);
        var spaces = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            spaces.Add((await store.CreateSpaceAsync($"Space {i}")).Id);
        }

        var ids = new List<Guid>(notes);
        var time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30));
        foreach (var page in Enumerable.Range(0, notes).Chunk(1_000))
        {
            var records = page.Select(_ =>
            {
                time = time.AddNanoseconds(1_000_000);
                var note = new NotePayload(Guid.NewGuid(), History.Text(random), time, time, spaces[random.Next(spaces.Count)], false);
                ids.Add(note.Id);
                return new OperationRecord(Guid.NewGuid(), time, new CreateNote(note));
            }).ToList();
            await store.ApplyAsync(records, isLocal: true);
        }

        return ids;
    }

    private static async Task EditNotesAsync(string folder, IEnumerable<Guid> ids)
    {
        using (var store = await DataansStore.OpenAsync(new DataDirectory(folder)))
        {
            var random = new Random(16);
            foreach (var id in ids)
            {
                await store.UpdateNoteAsync(id, History.Text(random));
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task<string> StateJsonAsync(string folder)
    {
        string json;
        using (var store = await DataansStore.OpenAsync(new DataDirectory(folder)))
        {
            json = (await StateReader.ReadAsync(store)).ToJson();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return json;
    }

    private static async Task<(TimeSpan Elapsed, string Stdout)> RunAsync(string app, string folder, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [app, .. args, "--data-dir", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment.Remove("DATAANS_TOKEN");
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`dataans {string.Join(' ', args)}` exited with {process.ExitCode}: {await stderr}");
        }

        return (elapsed, await stdout);
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
