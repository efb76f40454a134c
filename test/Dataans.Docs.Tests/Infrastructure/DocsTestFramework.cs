using Dataans.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Dataans.Docs.Tests.Infrastructure.DocsTestFramework", "Dataans.Docs.Tests")]

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>xUnit's framework plus one step at the end of the run: stop PostgreSQL and s3rver if a journey started them.</summary>
public sealed class DocsTestFramework : XunitTestFramework
{
    public DocsTestFramework(IMessageSink messageSink)
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
