using Xunit.Abstractions;
using Xunit.Sdk;

namespace Dataans.Testing;

/// <summary>
/// xUnit's framework plus one step at the end of the run: stop the shared PostgreSQL cluster and
/// s3rver if a test started them (the test host may be ended without running process-exit handlers).
/// A test project uses it with
/// <c>[assembly: TestFramework("Dataans.Testing.FixtureCleanupFramework", "Dataans.Testing")]</c>.
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
