using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Storage;

public sealed class FilesFolderTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/dir.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("C:evil.txt")]
    [InlineData(".staging")]
    [InlineData("")]
    [InlineData("nul\0byte")]
    public void Resolve_RefusesNamesThatCouldLeaveTheFolder(string storedPath)
    {
        var folder = new FilesFolder(_directory.Data.FilesPath);

        Assert.Null(folder.Resolve(storedPath));
    }

    [Fact]
    public void Resolve_AcceptsPlainNames()
    {
        var folder = new FilesFolder(_directory.Data.FilesPath);

        Assert.Equal(Path.Combine(folder.Root, "a_report.pdf"), folder.Resolve("a_report.pdf"));
    }

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("a/b:c*?<>|.txt", "a_b_c_____.txt")]
    [InlineData("CON", "_CON")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("...", "file")]
    [InlineData("東京.md", "東京.md")]
    [InlineData("tab\there", "tab_here")]
    public void SafeFileName_IsValidEverywhere(string input, string expected)
    {
        Assert.Equal(expected, FilesFolder.SafeFileName(input));
    }

    [Fact]
    public void SafeFileName_LimitsLength_KeepingTheExtension()
    {
        var safe = FilesFolder.SafeFileName(new string('я', 400) + ".pdf");

        Assert.EndsWith(".pdf", safe, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(safe) <= 180);
    }

    [Fact]
    public async Task Staging_IsInvisibleUntilCommitted_AndCleanedAtOpen()
    {
        var folder = new FilesFolder(_directory.Data.FilesPath);
        var staged = await folder.StageAsync([1, 2, 3]);
        Assert.False(folder.Exists("x.bin"));

        folder.CleanStaging();

        Assert.False(File.Exists(staged.Path));
    }
}
