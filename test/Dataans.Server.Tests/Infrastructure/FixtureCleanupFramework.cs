using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Dataans.Server.Tests.Infrastructure.FixtureCleanupFramework", "Dataans.Server.Tests")]

namespace Dataans.Server.Tests.Infrastructure;

/// <summary>
/// xUnit's framework plus one step at the end of the run: stop the shared PostgreSQL cluster and
/// s3rver (the test host may be ended without running process-exit handlers).
/// </summary>
public sealed class FixtureCleanupFramework : XunitTestFramework
{
    public FixtureCleanupFramework(IMessageSink messageSink)
        : base(messageSink) => DisposalTracker.Add(new Cleanup());

    private sealed class Cleanup : IDisposable
    {
        public void Dispose()
        {
            S3rver.StopIfStarted();
            PostgresCluster.StopIfStarted();
        }
    }
}
