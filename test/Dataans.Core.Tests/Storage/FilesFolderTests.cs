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
        using var folder = new FilesFolder(_directory.Data.FilesPath);

        Assert.Null(folder.Resolve(storedPath));
    }

    [Fact]
    public void Resolve_AcceptsPlainNames()
    {
        using var folder = new FilesFolder(_directory.Data.FilesPath);

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
    public async Task Staging_IsInvisibleUntilCommitted()
    {
        using var folder = new FilesFolder(_directory.Data.FilesPath);
        var staged = await folder.StageAsync([1, 2, 3]);
        Assert.False(folder.Exists("x.bin"));

        folder.Commit(staged, "x.bin");

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(folder.Resolve("x.bin")!));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_directory.Data.FilesPath, ".staging"))); // nothing unsettled: no folder, no lock
    }

    [Fact]
    public async Task WhatAnotherWriterIsStaging_SurvivesAnotherOpensCleaning_AndCommits()
    {
        // The app stages an attachment while the CLI opens the same store (each open cleans the staging folder).
        using var app = new FilesFolder(_directory.Data.FilesPath);
        var staged = await app.StageAsync([4, 5, 6]);
        using var cli = new FilesFolder(_directory.Data.FilesPath);

        cli.CleanStaging();

        Assert.True(File.Exists(staged.Path));
        app.Commit(staged, "kept.bin");
        Assert.Equal([4, 5, 6], await File.ReadAllBytesAsync(app.Resolve("kept.bin")!));
    }

    [Fact]
    public void Cleaning_RemovesWhatWritersThatAreGoneLeft()
    {
        // As a process killed mid-write leaves it: its folder with a partial file and its lock, no longer held;
        // a folder whose lock is already gone; a file staged directly in .staging by an earlier version.
        var staging = Path.Combine(_directory.Data.FilesPath, ".staging");
        Directory.CreateDirectory(Path.Combine(staging, "dead"));
        File.WriteAllBytes(Path.Combine(staging, "dead", "partial"), [1]);
        File.WriteAllBytes(Path.Combine(staging, "dead.lock"), []);
        Directory.CreateDirectory(Path.Combine(staging, "unlocked"));
        File.WriteAllBytes(Path.Combine(staging, "unlocked", "partial"), [2]);
        File.WriteAllBytes(Path.Combine(staging, "orphan.lock"), []);
        File.WriteAllBytes(Path.Combine(staging, "0123456789abcdef0123456789abcdef"), [3]);
        using var folder = new FilesFolder(_directory.Data.FilesPath);

        folder.CleanStaging();

        Assert.Empty(Directory.EnumerateFileSystemEntries(staging));
    }

    [Fact]
    public async Task Closing_RemovesTheWritersOwnStaging()
    {
        var staging = Path.Combine(_directory.Data.FilesPath, ".staging");
        var folder = new FilesFolder(_directory.Data.FilesPath);
        var staged = await folder.StageAsync([7]);
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(staging).Count()); // its folder and its lock

        folder.Dispose();

        Assert.False(File.Exists(staged.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(staging));
    }
}
