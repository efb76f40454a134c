using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Dataans.Sync.Tests.Infrastructure.SyncTestFramework", "Dataans.Sync.Tests")]

namespace Dataans.Sync.Tests.Infrastructure;

/// <summary>
/// xUnit's framework plus one step at the end of the run: stop the PostgreSQL cluster and s3rver this
/// run started. The test host is ended a moment after the run, so the step only sends signals (no
/// waiting on <c>pg_ctl</c>); folders left behind are removed by the next run's orphan sweep.
/// </summary>
public sealed class SyncTestFramework : XunitTestFramework
{
    public SyncTestFramework(IMessageSink messageSink)
        : base(messageSink) => DisposalTracker.Add(new Cleanup());

    private sealed class Cleanup : IDisposable
    {
        public void Dispose()
        {
            StopOwnPostgres();
            S3rver.StopIfStarted();
        }

        /// <summary>SIGQUIT (PostgreSQL's immediate shutdown) to the postmaster of each cluster this process created.</summary>
        private static void StopOwnPostgres()
        {
            foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "dataans-pg-*"))
            {
                try
                {
                    var owner = File.ReadAllText(Path.Combine(dir, "owner.pid")).Trim();
                    var postmaster = Path.Combine(dir, "data", "postmaster.pid");
                    if (owner != Environment.ProcessId.ToString(CultureInfo.InvariantCulture) || !File.Exists(postmaster))
                    {
                        continue;
                    }

                    var pid = File.ReadLines(postmaster).First().Trim();
                    using var kill = Process.Start(new ProcessStartInfo("kill", ["-QUIT", pid]) { UseShellExecute = false });
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    Console.Error.WriteLine($"Stopping the test PostgreSQL in {dir} failed: {e.Message}");
                }
            }
        }
    }
}
