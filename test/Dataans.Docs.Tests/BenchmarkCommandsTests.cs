using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// docs/benchmarks.md and docs/reliability.md: each benchmark command runs as written with its sizes
/// scaled down (the sizes are the only substitution) and prints its table; the figures command prints
/// the figures. A server benchmark run whose requests fail says so instead of printing a lower rate.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class BenchmarkCommandsTests : IDisposable
{
    public static readonly string[] Commands =
    [
        "dotnet build -c Release src/Dataans.App && dotnet run -c Release --project bench/Dataans.Benchmarks -- store --notes 100000",
        "dotnet run -c Release --project bench/Dataans.Benchmarks -- store --notes 50000 --per-query",
        "dotnet run -c Release --project bench/Dataans.Benchmarks -- crypto --size-mib 1024 --dir /tmp",
        "dotnet build -c Release bench/Dataans.Server.Benchmarks && dotnet bench/Dataans.Server.Benchmarks/bin/Release/net10.0/Dataans.Server.Benchmarks.dll --seconds 20 --devices 50 --stored 100000",
        "dotnet build -c Release bench/Dataans.Sync.Benchmarks && dotnet bench/Dataans.Sync.Benchmarks/bin/Release/net10.0/Dataans.Sync.Benchmarks.dll --ops 100000 --file-mib 1024 --dir /tmp",
        "dotnet build -c Release bench/Dataans.Benchmarks && dotnet bench/Dataans.Benchmarks/bin/Release/net10.0/Dataans.Benchmarks.dll search --notes 100000 --rounds 10",
        "dotnet build -c Release src/Dataans.App && dotnet build -c Release bench/Dataans.Sync.Benchmarks && dotnet bench/Dataans.Sync.Benchmarks/bin/Release/net10.0/Dataans.Sync.Benchmarks.dll --whole-process --notes 10000",
        "dotnet build -c Release bench/Dataans.Server.Benchmarks && dotnet bench/Dataans.Server.Benchmarks/bin/Release/net10.0/Dataans.Server.Benchmarks.dll --fairness --seconds 20 --flooders 6 --streams 300 --v1-ops 50000",
        "dotnet run -c Release --project bench/Dataans.Benchmarks -- store-bulk --notes 100000 --rounds 5",
        "dotnet run --project tools/Dataans.Figures",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-bench-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task BenchmarkCommands_RunScaledDown_AndPrintTheirTables()
    {
        var ledger = new CommandLedger(Commands);
        var shell = new Shell(Path.Combine(_root, "home"));
        var scratch = Directory.CreateDirectory(Path.Combine(_root, "scratch")).FullName;
        Dictionary<string, string>[] sizes =
        [
            new() { ["100000"] = "1500" },
            new() { ["50000"] = "1000" },
            new() { ["1024"] = "4", ["/tmp"] = scratch },
            new() { ["20"] = "3", ["50"] = "4", ["100000"] = "500" },
            new() { ["100000"] = "500", ["1024"] = "2", ["/tmp"] = scratch },
            new() { ["100000"] = "1500", ["10"] = "1" },
            new() { ["10000"] = "300" },
            new() { ["20"] = "2", ["6"] = "3", ["300"] = "40", ["50000"] = "2000" },
            new() { ["100000"] = "1500", ["5"] = "1" },
        ];

        for (var i = 0; i < sizes.Length; i++)
        {
            var result = (await ledger.RunAsync(shell, Commands[i], sizes[i])).AssertSucceeded();
            Assert.True(result.Stdout.Contains("| ", StringComparison.Ordinal), $"'{Commands[i]}' printed no table:\n{result.Stdout}");
        }

        Assert.Empty(Directory.GetFileSystemEntries(scratch)); // the benchmarks remove what they wrote

        var figures = (await ledger.RunAsync(shell, "dotnet run --project tools/Dataans.Figures")).AssertSucceeded();
        Assert.Contains("Dataans reliability figures", figures.Stdout, StringComparison.Ordinal);

        ledger.AssertEveryCommandRan();
    }

    [Fact]
    public async Task ServerBenchmark_WhosePushesFail_ReportsTheFailuresAndExitsWithOne()
    {
        // A push of 1,001 operations is over the server's limit of 1,000 (413): every push of every phase fails.
        var shell = new Shell(Path.Combine(_root, "home"));
        var result = await shell.RunAsync("dotnet build -c Release bench/Dataans.Server.Benchmarks && " +
            "dotnet bench/Dataans.Server.Benchmarks/bin/Release/net10.0/Dataans.Server.Benchmarks.dll --seconds 2 --devices 2 --stored 1000 --batch 1001");

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}");
        var pushOnly = result.Stdout.Split('\n').Single(line => line.Contains("ingested (push only", StringComparison.Ordinal));
        Assert.Matches(@"; [0-9,]+ of [0-9,]+ requests FAILED\)", pushOnly);
        Assert.Contains("HTTP 413 × ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("this run is not a valid measurement", result.Stdout, StringComparison.Ordinal);
    }
}
