using System.CommandLine;
using Dataans.Figures;

// Prints the reliability figures recorded by the last test run (./test.sh or --run):
//   dotnet run --project tools/Dataans.Figures [-- --run] [-- --file PATH]
var run = new Option<bool>("--run") { Description = "Run the reliability, crash-safety and XSS tests first (clears the figures file)" };
var file = new Option<string?>("--file") { Description = "The figures file (default: artifacts/reliability/figures.jsonl in the repository)" };
var root = new RootCommand("Prints Dataans' reliability figures: faults survived, requests fuzzed, 5xx, canary hits, soak, memory growth") { run, file };
root.SetAction(async (parseResult, cancellationToken) =>
{
    var repository = RepositoryRoot();
    var path = Path.GetFullPath(parseResult.GetValue(file) ?? Path.Combine(repository, "artifacts", "reliability", "figures.jsonl"));
    if (parseResult.GetValue(run))
    {
        File.Delete(path);
        var failures = await TestRunner.RunAsync(repository, path, cancellationToken);
        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} test run(s) failed; the figures below are from what did run.");
        }
    }

    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"No figures at {path}: run ./test.sh or this command with --run first.");
        return 1;
    }

    FigureReport.Write(Figure.ReadAll(path, Console.Error), Console.Out);
    return 0;
});
return await root.Parse(args).InvokeAsync();

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(Environment.CurrentDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dataans.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run this from inside the Dataans repository (no Dataans.slnx found above the current folder).");
}
