using System.Globalization;

namespace Dataans.App.Tests.Cli;

public sealed class SearchCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Search_RedirectedOutput_BracketsTheMatchOnOneLine()
    {
        var space = await _cli.AddSpaceAsync("Errands");
        var id = await _cli.AddNoteAsync(space, "Buy milk and\nbread on the way home");
        await _cli.AddNoteAsync(space, "Call the bank");

        var result = await _cli.RunAsync("search", "milk");

        result.AssertOk();
        var lines = result.Stdout.TrimEnd().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{id}  2025-03-01 15:", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("  Errands", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("    Buy [milk] and bread on the", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TerminalOutput_ShowsTheMatchInBold()
    {
        var space = await _cli.AddSpaceAsync("Errands");
        await _cli.AddNoteAsync(space, "Buy milk");

        var result = await _cli.RunRawAsync(["search", "milk", "--data-dir", _cli.DataDir], terminalOutput: true);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Buy \u001b[1mmilk\u001b[22m", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[milk]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Json_GivesPlainSnippetsAndHighlightRanges()
    {
        var space = await _cli.AddSpaceAsync("Errands");
        var id = await _cli.AddNoteAsync(space, "Milk first, then more milk");

        var hits = await _cli.JsonAsync("search", "milk");

        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Equal(id, hit.GetProperty("note").GetProperty("id").GetString());
        Assert.Equal("Errands", hit.GetProperty("note").GetProperty("spaceName").GetString());
        var snippet = hit.GetProperty("snippet").GetString()!;
        Assert.DoesNotContain('\u0002', snippet);
        Assert.DoesNotContain('\u0003', snippet);
        var ranges = hit.GetProperty("highlights").EnumerateArray().Select(pair => (pair[0].GetInt32(), pair[1].GetInt32())).ToList();
        Assert.NotEmpty(ranges);
        Assert.All(ranges, range => Assert.Equal("milk", snippet.Substring(range.Item1, range.Item2), ignoreCase: true));
        Assert.True(hit.GetProperty("rank").ValueKind == System.Text.Json.JsonValueKind.Number);
    }

    [Fact]
    public async Task Search_Cjk_FindsAWordInsideASentence()
    {
        var space = await _cli.AddSpaceAsync("旅行");
        var id = await _cli.AddNoteAsync(space, "明日は東京で会議");

        var hits = await _cli.JsonAsync("search", "東京");

        Assert.Equal(id, Assert.Single(hits.EnumerateArray()).GetProperty("note").GetProperty("id").GetString());
        var human = await _cli.RunAsync("search", "東京");
        Assert.Contains("明日は[東京]で会議", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_SpaceOption_SearchesOnlyThatSpace()
    {
        var work = await _cli.AddSpaceAsync("Work");
        var home = await _cli.AddSpaceAsync("Home");
        await _cli.AddNoteAsync(work, "meeting notes");
        var homeNote = await _cli.AddNoteAsync(home, "meeting the plumber");

        var hits = await _cli.JsonAsync("search", "meeting", "--space", home[..8]);

        Assert.Equal([homeNote], hits.EnumerateArray().Select(hit => hit.GetProperty("note").GetProperty("id").GetString()));
        Assert.Equal(2, (await _cli.JsonAsync("search", "meeting")).GetArrayLength());
    }

    [Fact]
    public async Task Search_Limit_CapsTheHits()
    {
        var space = await _cli.AddSpaceAsync("Work");
        for (var i = 0; i < 4; i++)
        {
            await _cli.AddNoteAsync(space, $"standup {i}");
        }

        Assert.Equal(3, (await _cli.JsonAsync("search", "standup", "--limit", "3")).GetArrayLength());
        Assert.Equal(4, (await _cli.JsonAsync("search", "standup", "--limit", "1000000")).GetArrayLength());
        Assert.Equal(4, (await _cli.JsonAsync("search", "standup", "--limit", int.MaxValue.ToString(CultureInfo.InvariantCulture))).GetArrayLength());
        foreach (var typed in new[] { "0", "-1", "abc", "2.5", "0000", "99999999999" })
        {
            var result = await _cli.RunAsync("search", "standup", "--limit", typed);
            result.AssertUsage("--limit");
            Assert.StartsWith($"--limit must be a whole number from 1 to 2147483647, not '{typed}'.", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Search_NoMatch_SaysSoOnStandardErrorAndSucceeds()
    {
        var space = await _cli.AddSpaceAsync("Work");
        await _cli.AddNoteAsync(space, "something");

        var result = await _cli.RunAsync("search", "nothing-like-this");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("No notes match", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UnknownSpace_Fails()
    {
        await _cli.AddSpaceAsync("Work");

        var error = (await _cli.RunAsync("search", "x", "--space", "00000000-0000-4000-8000-000000000001")).AssertFailure();

        Assert.Equal("There is no space with id 00000000-0000-4000-8000-000000000001.", error);
    }

    [Theory]
    [InlineData("-hello")]
    [InlineData("-h1")]
    [InlineData("-vh")]
    public async Task Search_ATermThatStartsWithOneDash_IsSearchedNotReadAsBundledOptions(string term)
    {
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, $"say {term} twice");
        await _cli.AddNoteAsync(space, "say hello once");

        var result = await _cli.RunAsync("search", term);

        result.AssertOk();
        Assert.StartsWith(id, result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"[{term}]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Stdout, StringComparison.Ordinal);
    }
}
