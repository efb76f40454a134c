using System.CommandLine;
using Dataans.App.Cli;
using Dataans.Reliability.Tests.Infrastructure;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Every command of <c>dataans</c> (read from the command tree itself, so a new command or option is
/// covered the day it is added) runs with random options and arguments, ordinary and hostile, against
/// a real data folder: each run ends with exit code 0, 1 or 2 and a clear message — never an
/// "Unexpected error", an escaped exception or a hang.
/// </summary>
public sealed class CommandTreeFuzzTests : IDisposable
{
    private const int Seed = 20261204;

    // Parsed by the other fuzz test but not run here: `ui` serves until stopped, `desktop` writes the
    // user's desktop entries.
    private static readonly HashSet<string> NotRun = ["ui", "desktop"];

    private static readonly string[] Hostile =
    [
        "", " ", "-", "--", "0", "-1", "65536", "99999999999999999999", "1e3", "abc", "\u202e\u0644", "%00", "😀", "東京",
        "'; DROP TABLE notes; --", "<script>alert(1)</script>", "ftp://x", "http://127.0.0.1:9/", new string('x', 3000), "--json",
    ];

    private static readonly string[] Urls =
    [
        "http://127.0.0.1:9/", "http://127.0.0.1:9", "http://localhost:9/prefix", "http://[::1]:9/", "https://127.0.0.1:9/", "ftp://127.0.0.1/",
        "127.0.0.1:9", "http://", "http://user:pw@127.0.0.1:9/", "not a url", "http://127.0.0.1:99999/", "",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("dataans-fuzz-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task EveryCommand_HostileAndOrdinaryValues_EndsWithAnExitCodeAndAClearMessage()
    {
        // Paths the fuzzer uses stay inside a deep folder of the test, "../.." included.
        var work = Path.Combine(_root, "a", "b", "c");
        var data = Path.Combine(work, "data");
        Directory.CreateDirectory(work);
        var attachment = Path.Combine(work, "receipt.png");
        await File.WriteAllBytesAsync(attachment, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var ids = await SeedAsync(data, attachment);
        var paths = new[] { attachment, Path.Combine(work, "missing.png"), work, Path.Combine(work, "out"), Path.Combine(work, "../../x"), data, Path.Combine(work, "data", "db", "dataans.sqlite") };

        var commands = Leaves(DataansCli.BuildRootCommand(new CliContext(new CliEnvironment(TextReader.Null, TextWriter.Null, TextWriter.Null))), []).ToList();
        Assert.Contains(commands, command => command.Path == "sync login");
        var random = new Random(Seed);
        var cases = commands.Count * 60;
        var problems = new List<string>();
        var outcomes = new int[3];
        for (var i = 0; i < cases; i++)
        {
            var command = commands[i % commands.Count];
            var args = Arguments(random, command, ids, paths, data);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            int code;
            try
            {
                code = await DataansCli.RunAsync(args, new StringReader("password\nsecond line\n"), stdout, stderr, timeout.Token);
            }
            catch (Exception exception)
            {
                problems.Add($"{Describe(args)} → escaped {exception.GetType().Name}: {exception.Message}");
                continue;
            }

            // A folder found open to other accounts (an export's folder used as a data folder) is made private,
            // and the app says so once in a line of its own before its answer.
            var error = string.Join('\n', stderr.ToString().Split('\n').Where(line => !line.StartsWith("dataans: the data folder '", StringComparison.Ordinal)));
            if (code is < 0 or > 2)
            {
                problems.Add($"{Describe(args)} → exit code {code}");
            }
            else
            {
                outcomes[code]++;
            }

            if (timeout.IsCancellationRequested || error.Contains("Unexpected error", StringComparison.Ordinal) || error.Contains(" at Dataans.", StringComparison.Ordinal)
                || (code == 1 && error.Trim().Split('\n').Length != 1))
            {
                problems.Add($"{Describe(args)} → {code}: {error.Trim()}");
            }
        }

        Figures.Record("fuzz", "app commands executed", cases);
        Figures.Record("fuzz", "app command runs with an unexpected error", problems.Count);
        Assert.True(problems.Count == 0, $"{problems.Count} of {cases} runs went wrong, e.g.:\n{string.Join('\n', problems.Take(15))}");

        // The mix reaches every outcome: work done, failures explained, usage refused.
        Assert.True(outcomes.All(count => count > cases / 20), $"outcomes 0/1/2: {string.Join('/', outcomes)}");
    }

    private static async Task<Dictionary<string, string[]>> SeedAsync(string data, string attachment)
    {
        async Task<string> Run(params string[] args)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await DataansCli.RunAsync(["--data-dir", data, .. args], TextReader.Null, stdout, stderr);
            Assert.True(code == 0, $"{string.Join(' ', args)}: {stderr}");
            return stdout.ToString().Trim();
        }

        var work = await Run("space", "add", "Work");
        var home = await Run("space", "add", "Home ✓");
        var note = await Run("note", "add", "--space", work, "Buy **milk**", "--attach", attachment);
        var other = await Run("note", "add", "--space", home, "東京で会議");
        await Run("note", "edit", note, "Buy oat milk");
        return new()
        {
            ["space"] = [work, work[..4], home, "ffffffff", "0", ""],
            ["note"] = [note, note[..6], other, "ffffffff-ffff-ffff-ffff-ffffffffffff", "a", ""],
        };
    }

    private static string[] Arguments(Random random, Leaf command, Dictionary<string, string[]> ids, string[] paths, string data)
    {
        var args = new List<string>(command.Path.Split(' '));
        // Always a folder of the test: without --data-dir the app would use the real default data folder.
        args.AddRange(["--data-dir", random.Next(20) == 0 ? Pick(random, paths) : data]);

        foreach (var argument in command.Arguments)
        {
            if (random.Next(12) != 0)
            {
                args.Add(ValueFor(random, argument.Name, command.Path, ids, paths));
            }
        }

        foreach (var option in command.Options)
        {
            if (random.Next(3) == 0)
            {
                continue;
            }

            args.Add(option.Name);
            if (option.ValueType != typeof(bool) && random.Next(15) != 0)
            {
                args.Add(ValueFor(random, option.Name, command.Path, ids, paths));
            }
        }

        if (random.Next(8) == 0)
        {
            args.Insert(random.Next(args.Count + 1), Pick(random, Hostile));
        }

        return [.. args];
    }

    private static string ValueFor(Random random, string name, string path, Dictionary<string, string[]> ids, string[] paths)
    {
        if (random.Next(5) == 0)
        {
            return Pick(random, Hostile);
        }

        return name switch
        {
            "--space" => Pick(random, ids["space"]),
            "ID" => Pick(random, path.StartsWith("space", StringComparison.Ordinal) ? ids["space"] : ids["note"]),
            "--attach" or "FILE" or "--out" or "DIR" => Pick(random, paths),
            "--server" => Pick(random, Urls),
            "--limit" or "--restore" or "--port" => Pick(random, ["1", "2", "20", "0", "-3", "1000000", "x"]),
            "--format" => Pick(random, ["json", "md", "html"]),
            "--layout" => Pick(random, ["one-file", "per-space", "per-note", "flat"]),
            "--protocol" => Pick(random, ["v1", "v2", "v3"]),
            "MODE" => Pick(random, ["manual", "auto", "sometimes"]),
            _ => Pick(random, ["Work", "milk", "- one\n- two", "Buy **milk**", "-", "東京", "Home ✓", "dst_token"]),
        };
    }

    private static IEnumerable<Leaf> Leaves(Command command, List<string> path)
    {
        foreach (var child in command.Subcommands)
        {
            if (NotRun.Contains(child.Name))
            {
                continue;
            }

            List<string> childPath = [.. path, child.Name];
            if (child.Subcommands.Count == 0)
            {
                yield return new Leaf(string.Join(' ', childPath), [.. child.Options.Where(option => option.Name is not "--help" and not "-h")], [.. child.Arguments]);
            }

            foreach (var leaf in Leaves(child, childPath))
            {
                yield return leaf;
            }
        }
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Describe(string[] args) =>
        string.Join(' ', args.Select(arg => arg.Length > 60 ? arg[..60] + "…" : arg).Select(arg => arg.Contains(' ', StringComparison.Ordinal) || arg.Length == 0 ? $"'{arg}'" : arg));

    private sealed record Leaf(string Path, IReadOnlyList<Option> Options, IReadOnlyList<Argument> Arguments);
}
