using System.Text.Json;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>
/// A machine a user runs the documented commands on: its own home folder (so its own default data
/// folder), and a way to look at the result with the same app (<c>--json</c>) without rebuilding it.
/// </summary>
internal sealed class Device(string home)
{
    public Shell Shell { get; } = new(home);

    public string Home => Shell.Home;

    /// <summary>Runs the app's CLI to inspect what a documented command did (not itself a documented command).</summary>
    public async Task<JsonElement> JsonAsync(string arguments)
    {
        var result = (await Shell.RunAsync($"dotnet run --no-build --project src/Dataans.App -- --json {arguments}")).AssertSucceeded();
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    public async Task<IReadOnlyList<string>> NoteTextsAsync(string spaceId) =>
        [.. (await JsonAsync($"note list --space {spaceId} --limit 1000")).EnumerateArray().Select(note => note.GetProperty("text").GetString()!)];
}
