using Dataans.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Dataans.Reliability.Tests.Infrastructure.ReliabilityTestFramework", "Dataans.Reliability.Tests")]

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// xUnit's framework plus one step at the end of the run: stop the shared PostgreSQL cluster and
/// s3rver if a test started them (the test host may end without running process-exit handlers).
/// </summary>
public sealed class ReliabilityTestFramework : XunitTestFramework
{
    public ReliabilityTestFramework(IMessageSink messageSink)
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
