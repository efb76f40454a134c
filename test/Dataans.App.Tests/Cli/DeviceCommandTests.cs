namespace Dataans.App.Tests.Cli;

/// <summary><c>dataans device show | rename</c>, and the device name in <c>note history</c> (18.8).</summary>
public sealed class DeviceCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Rename_ThenShow_KeepsTheIdAndGivesTheNewName()
    {
        var before = await _cli.JsonAsync("device", "show");
        Assert.Equal(Core.Storage.DeviceRows.DefaultName(), before.GetProperty("name").GetString());

        var renamed = await _cli.RunAsync("device", "rename", "Kitchen", "laptop");

        renamed.AssertOk();
        var id = before.GetProperty("id").GetString();
        Assert.Equal($"This device is 'Kitchen laptop' ({id}).", renamed.Stdout.Trim());
        var after = await _cli.JsonAsync("device", "show");
        Assert.Equal((id, "Kitchen laptop"), (after.GetProperty("id").GetString(), after.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task History_NamesThisDevice()
    {
        await _cli.RunAsync("device", "rename", "Kitchen laptop");
        var space = await _cli.AddSpaceAsync("Work");
        var id = await _cli.AddNoteAsync(space, "v1");

        var versions = await _cli.JsonAsync("note", "history", id);

        Assert.Equal("Kitchen laptop (this device)", Assert.Single(versions.EnumerateArray()).GetProperty("device").GetString());
        var human = await _cli.RunAsync("note", "history", id);
        Assert.Contains("created on Kitchen laptop (this device)  (current)", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_BlankName_FailsInOneSentence()
    {
        var result = await _cli.RunAsync("device", "rename", " ");

        var error = result.AssertFailure();
        Assert.Contains("A device name needs at least one visible character.", error, StringComparison.Ordinal);
        Assert.Equal(Core.Storage.DeviceRows.DefaultName(), (await _cli.JsonAsync("device", "show")).GetProperty("name").GetString());
    }
}
