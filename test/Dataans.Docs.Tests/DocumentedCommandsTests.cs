using System.Text.RegularExpressions;
using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// The list of documented commands is the documents themselves: every command line in a <c>sh</c> block
/// of README.md or docs/*.md must be run by one of the journeys (so a newly documented command without
/// a test fails here), and every command a journey runs must still be documented word for word.
/// </summary>
public sealed partial class DocumentedCommandsTests
{
    /// <summary>The documented commands no test runs, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotRunByATest = new()
    {
        ["./test.sh"] = "it runs the whole suite, this test included (CI runs it through .ci/run)",
        ["dotnet run --project tools/Dataans.Figures -- --run"] = "it runs the suite's figure-recording tests again, from inside the suite",
        ["dataans sync login --server https://sync.example.com/ --oidc-issuer https://issuer.example.com/realms/x --oidc-client-id dataans-app"] =
            "it needs a person at the issuer's page: SyncLoginCliTests (Dataans.Sync.Tests) runs it through the real executable against a real oidc-provider, with --no-browser, the test provider's --oidc-scope/--oidc-resource and a scripted browser",
    };

    private static IEnumerable<string> RunByJourneys =>
        ReadmeAppTests.Commands
            .Concat(ReadmeJourneyTests.CliCommands)
            .Concat(ReadmeJourneyTests.SyncCommands)
            .Concat(ReadmeSignInJourneyTests.Commands)
            .Concat(ReadmeSwitchJourneyTests.Commands)
            .Concat(InboxJourneyTests.Commands)
            .Concat(OperationsJourneyTests.AdminCommands)
            .Concat(OperationsJourneyTests.IdentityCommands)
            .Concat(OperationsJourneyTests.ScaleOutCommands)
            .Concat(OperationsJourneyTests.ServiceCommands)
            .Concat(BenchmarkCommandsTests.Commands)
            .Concat(DesktopJourneyTests.Commands);

    [Fact]
    public void EveryDocumentedCommand_IsRunByAJourney()
    {
        var covered = RunByJourneys.ToHashSet(StringComparer.Ordinal);
        var missing = DocumentedCommands.All()
            .Where(command => !covered.Contains(command.Text) && !NotRunByATest.ContainsKey(command.Text))
            .Select(command => $"{command.File}:{command.Line}: {command.Text}")
            .ToList();
        Assert.True(missing.Count == 0, "Documented commands that no test runs (add them to a journey in test/Dataans.Docs.Tests):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryJourneyCommand_IsStillDocumentedWordForWord()
    {
        var documented = DocumentedCommands.All().Select(command => command.Text).ToHashSet(StringComparer.Ordinal);
        var stale = RunByJourneys.Concat(NotRunByATest.Keys).Distinct().Where(command => !documented.Contains(command)).ToList();
        Assert.True(stale.Count == 0, "Commands the tests run that the docs no longer show:\n" + string.Join('\n', stale));
    }

    /// <summary>
    /// A command named in running text (<c>`dataans sync now`</c>) must be one the docs show in a block, so
    /// prose cannot promise a command no test runs: its leading words must begin a documented command.
    /// </summary>
    [Fact]
    public void CommandsNamedInProse_BeginADocumentedCommand()
    {
        var documented = DocumentedCommands.All().Select(command => Normalize(command.Text)).ToList();
        var unknown = new List<string>();
        foreach (var path in DocumentedCommands.Documents)
        {
            var text = Fences().Replace(File.ReadAllText(path), string.Empty);
            foreach (Match span in InlineCode().Matches(text))
            {
                var words = LeadingWords(Normalize(span.Groups[1].Value));
                if (words is not null && !documented.Any(command => command == words || command.StartsWith(words + " ", StringComparison.Ordinal)))
                {
                    unknown.Add($"{Path.GetFileName(path)}: `{span.Groups[1].Value}`");
                }
            }
        }

        Assert.True(unknown.Count == 0, "Commands named in prose that no sh block shows:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Extraction_JoinsContinuationsAndDropsComments()
    {
        Assert.Equal("printf -- \"a # b\" | x ", DocumentedCommands.WithoutComment("printf -- \"a # b\" | x # comment"));
        Assert.Contains(DocumentedCommands.All(), command => command.Text.StartsWith("dataans-server --urls http://0.0.0.0:8080 --data-dir", StringComparison.Ordinal) && command.Text.EndsWith("--s3-region auto", StringComparison.Ordinal));
    }

    /// <summary>The ways the docs start the two programs, reduced to their names.</summary>
    private static string Normalize(string command)
    {
        var text = command.Trim();
        foreach (var (prefix, name) in new[]
        {
            ("dotnet run --project src/Dataans.App --", "dataans"), ("dotnet run --project src/Dataans.App", "dataans"),
            ("dotnet run --project src/Dataans.Server --", "dataans-server"), ("dotnet run --project src/Dataans.Server", "dataans-server"),
            ("~/dataans-app/dataans", "dataans"), ("/opt/dataans-server/dataans-server", "dataans-server"), ("./dataans", "dataans"),
            ("dotnet dataans.dll", "dataans"), ("dotnet dataans-server.dll", "dataans-server"),
        })
        {
            if (text == prefix || text.StartsWith(prefix + " ", StringComparison.Ordinal))
            {
                text = name + text[prefix.Length..];
                break;
            }
        }

        // Global options may stand anywhere; prose names the command without them.
        return GlobalOptions().Replace(text, string.Empty).Trim();
    }

    /// <summary>The program and sub-command words of a command in prose, or null when it is not one of ours.</summary>
    private static string? LeadingWords(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0] is not ("dataans" or "dataans-server"))
        {
            return null;
        }

        var leading = words.TakeWhile(word => CommandWord().IsMatch(word)).ToList();
        return leading.Count < 2 ? null : string.Join(' ', leading);
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fences();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^(dataans|dataans-server|[a-z][a-z-]*)$")]
    private static partial Regex CommandWord();

    [GeneratedRegex(@"\s--(json|data-dir \S+)(?=\s|$)")]
    private static partial Regex GlobalOptions();
}
