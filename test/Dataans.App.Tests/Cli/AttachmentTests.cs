namespace Dataans.App.Tests.Cli;

public sealed class AttachmentTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_TwoAttachments_StoresTheirBytesInOrder()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var png = _cli.WriteFile("photo.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var pdf = _cli.WriteFile("report 2025.pdf", [0x25, 0x50, 0x44, 0x46]);

        var note = await _cli.JsonAsync("note", "add", "--space", space, "see files", "--attach", png, "--attach", pdf);

        var files = note.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["photo.png", "report 2025.pdf"], files.Select(file => file.GetProperty("name").GetString()));
        Assert.Equal([7L, 4L], files.Select(file => file.GetProperty("size").GetInt64()));
        Assert.All(files, file => Assert.True(file.GetProperty("exists").GetBoolean()));
        Assert.Equal(await File.ReadAllBytesAsync(png), await File.ReadAllBytesAsync(files[0].GetProperty("path").GetString()!));
        Assert.Equal(await File.ReadAllBytesAsync(pdf), await File.ReadAllBytesAsync(files[1].GetProperty("path").GetString()!));
        Assert.StartsWith(Path.Combine(_cli.DataDir, "files"), files[0].GetProperty("path").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AttachmentWithoutText_IsANote()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var file = _cli.WriteFile("scan.jpg", [0xFF, 0xD8, 0xFF]);

        var result = await _cli.RunAsync("note", "add", "--space", space, "--attach", file);

        result.AssertOk();
        var show = await _cli.RunAsync("note", "show", result.Stdout.Trim());
        Assert.Contains("File      scan.jpg (3 B)", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_MissingAttachment_FailsAndWritesNothing()
    {
        var space = await _cli.AddSpaceAsync("Work");
        var good = _cli.WriteFile("good.txt", [1]);
        var missing = Path.Combine(_cli.Root, "missing.txt");

        var error = (await _cli.RunAsync("note", "add", "--space", space, "text", "--attach", good, "--attach", missing)).AssertFailure();

        Assert.Equal($"The file '{missing}' does not exist.", error);
        Assert.Equal(0, (await _cli.JsonAsync("note", "list", "--space", space)).GetArrayLength());
        Assert.Single(Directory.GetFiles(Path.Combine(_cli.DataDir, "files")));
    }

    [Fact]
    public async Task Add_FolderAsAttachment_Fails()
    {
        var space = await _cli.AddSpaceAsync("Work");

        var error = (await _cli.RunAsync("note", "add", "--space", space, "text", "--attach", _cli.Root)).AssertFailure();

        Assert.Equal($"'{_cli.Root}' is a folder; --attach takes a file.", error);
        Assert.Equal(0, (await _cli.JsonAsync("note", "list", "--space", space)).GetArrayLength());
    }
}
