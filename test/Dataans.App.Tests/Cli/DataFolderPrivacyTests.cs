namespace Dataans.App.Tests.Cli;

/// <summary>A data folder found open to other accounts is made private at the next command, which says so once on standard error (issue 14, item 6).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderPrivacyTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task OpenDataFolder_IsTightened_WithOneNotice()
    {
        (await _cli.RunAsync("space", "add", "Work")).AssertOk();
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(_cli.DataDir, open);
        File.SetUnixFileMode(Path.Combine(_cli.DataDir, "db", "dataans.sqlite"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var first = await _cli.RunAsync("space", "list");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Work", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            $"dataans: the data folder '{_cli.DataDir}' was readable by other accounts on this computer; 2 folders and files were made private to you (folders 0700, files 0600).",
            first.Stderr.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_cli.DataDir));
        (await _cli.RunAsync("space", "list")).AssertOk(); // once: the second command says nothing
    }
}
