namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>
/// The journeys run one after another: they share the documented default port 8080 and run
/// <c>dotnet run</c> on the same projects, whose builds must not overlap.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DocsCollection
{
    public const string Name = "documented commands";
}
