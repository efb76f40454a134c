using System.Diagnostics;

namespace Dataans.Figures;

/// <summary>Runs the test projects that record figures, with the figures file set.</summary>
internal static class TestRunner
{
    private static readonly (string Project, string? Filter)[] Runs =
    [
        ("test/Dataans.Reliability.Tests", null),
        ("test/Dataans.Sync.Tests", "FullyQualifiedName~CrashSafety"),
        ("test/Dataans.App.UiTests", "FullyQualifiedName~Xss"),
    ];

    public static async Task<int> RunAsync(string repository, string figuresFile, CancellationToken cancellationToken)
    {
        var failures = 0;
        foreach (var (project, filter) in Runs)
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repository, UseShellExecute = false };
            foreach (var arg in new[] { "test", project, "-c", "Release" })
            {
                info.ArgumentList.Add(arg);
            }

            if (filter is not null)
            {
                info.ArgumentList.Add("--filter");
                info.ArgumentList.Add(filter);
            }

            info.Environment["DATAANS_FIGURES_FILE"] = figuresFile;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
            await process.WaitForExitAsync(cancellationToken);
            failures += process.ExitCode == 0 ? 0 : 1;
        }

        return failures;
    }
}
