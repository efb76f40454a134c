using Dataans.Benchmarks.Crypto;

// End-to-end benchmarks as commands that print a table:
//   dotnet run -c Release --project bench/Dataans.Benchmarks -- <name> [options]
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["crypto"] = CryptoBenchmark.RunAsync,
    ["store"] = Dataans.Benchmarks.Store.StoreBenchmark.RunAsync,
    ["search"] = Dataans.Benchmarks.Store.SearchBenchmark.RunAsync,
    ["store-bulk"] = Dataans.Benchmarks.Store.BulkIndexComparison.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Dataans.Benchmarks <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return await run(args[1..]);
