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
    /// <param name="notes">Notes the first device holds.</param>
    /// <param name="apps">Builds of <c>dataans.dll</c> to measure; the first runs every step, each then runs the new-device step <paramref name="rounds"/> times, in turn.</param>
    /// <param name="rounds">New-device runs per build after the main table (0: none).</param>
    public static async Task<int> RunAsync(int notes, IReadOnlyList<string> apps, int rounds)
    {
        apps = apps.Count > 0 ? apps : [Path.Combine(Processes.RepoRoot(), "src", "Dataans.App", "bin", "Release", "net10.0", "dataans.dll")];
        if (apps.FirstOrDefault(app => !File.Exists(app)) is { } missing)
        {
            Console.Error.WriteLine($"Build the app in Release first (dotnet build -c Release src/Dataans.App): {missing} is missing.");
            return 2;
        }

        var app = apps[0];
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
            var signIn = $"{token}\nbench password\n{passphrase}\n";
            Console.WriteLine($"Whole processes: {notes:N0} notes, each step one `dataans sync now` (Release, dotnet dataans.dll), server on SQLite as another process; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage.Text()}");
            Console.WriteLine("Peak RSS: the process's ru_maxrss (getrusage of its reaped parent, exact); CPU: its user + system time; load: 1-minute load average at its start → end.");
            Console.WriteLine("| step | wall time | CPU | peak RSS | load |");
            Console.WriteLine("|---|---|---|---|---|");
            Row("`dataans space list` (process start-up, for scale)", await RunAsync(app, first, null, "space", "list"));
            Row($"first upload of {notes:N0} notes", await RunAsync(app, first, null, "sync", "now"));
            Row("no-op", await RunAsync(app, first, null, "sync", "now"));
            await RunAsync(app, second, signIn, "sync", "login", "--server", url, "--token-stdin", "--password-stdin", "--passphrase-stdin");
            Row($"new device: first sync of {notes:N0} notes", await RunAsync(app, second, null, "sync", "now"));
            await EditNotesAsync(first, ids.Take(10));
            Row("10-edit delta: send", await RunAsync(app, first, null, "sync", "now"));
            Row("10-edit delta: receive", await RunAsync(app, second, null, "sync", "now"));
            var converged = await StateJsonAsync(first) == await StateJsonAsync(second);
            Console.WriteLine($"load average at the end: {LoadAverage.Text()}; the two devices' exports are identical: {(converged ? "yes" : "NO")}");
            if (rounds > 0)
            {
                await NewDeviceRoundsAsync(apps, rounds, url, signIn, notes);
            }

            return converged ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    /// <summary>The new-device step again, each build in turn (a fresh data folder each time), for same-session before/after comparisons.</summary>
    private static async Task NewDeviceRoundsAsync(IReadOnlyList<string> apps, int rounds, string url, string signIn, int notes)
    {
        Console.WriteLine();
        Console.WriteLine($"New device, first sync of {notes:N0} notes, {rounds} round(s), the builds in turn:");
        Console.WriteLine("| round | build | wall time | CPU | peak RSS | load |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var app in apps)
            {
                var folder = Directory.CreateTempSubdirectory("dataans-whole-n-").FullName;
                try
                {
                    await RunAsync(app, folder, signIn, "sync", "login", "--server", url, "--token-stdin", "--password-stdin", "--passphrase-stdin");
                    var run = await RunAsync(app, folder, null, "sync", "now");
                    Console.WriteLine($"| {round} | {app} | {run.Cells} |");
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    private static void Row(string step, ChildRun run) => Console.WriteLine($"| {step} | {run.Cells} |");

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

    private static Task<ChildRun> RunAsync(string app, string folder, string? stdin, params string[] args) =>
        MeasuredChild.RunAsync("dotnet", [app, .. args, "--data-dir", folder], stdin);
}
