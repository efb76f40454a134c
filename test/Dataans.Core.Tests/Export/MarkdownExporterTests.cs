using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Export;

public sealed class MarkdownExporterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OneFile_HasEverySpaceAndNote_WithLinksToCopiedAttachments()
    {
        using var store = await _directory.OpenStoreAsync();
        var (_, _, report, _) = await ExportSamples.FillAsync(store);
        var output = ExportSamples.NewFolder(_directory, "out");

        var path = await ExportAsync(store, output, MarkdownLayout.OneFile, withFiles: true);

        Assert.Equal(Path.Combine(output, "dataans-export-20250304-050607.md"), path);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("# Work\n", text, StringComparison.Ordinal);
        Assert.Contains("# 家のメモ\n", text, StringComparison.Ordinal);
        Assert.Contains("Quarterly **report**, reviewed", text, StringComparison.Ordinal);
        Assert.Contains("東京で会議", text, StringComparison.Ordinal);
        Assert.Contains($"## {report.CreatedAt.ToDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", text, StringComparison.Ordinal);
        Assert.Contains("*Edited ", text, StringComparison.Ordinal);
        var link = $"files/{report.Files[0].Id}_report%20%28final%29.pdf";
        Assert.Contains($"[report (final).pdf]({link})", text, StringComparison.Ordinal);
        Assert.Equal(ExportSamples.ReportBytes, await File.ReadAllBytesAsync(Path.Combine(output, Uri.UnescapeDataString(link))));
    }

    [Fact]
    public async Task WithoutFiles_ListsAttachmentsByName_AndCopiesNothing()
    {
        using var store = await _directory.OpenStoreAsync();
        await ExportSamples.FillAsync(store);
        var output = ExportSamples.NewFolder(_directory, "out");

        var path = await ExportAsync(store, output, MarkdownLayout.OneFile, withFiles: false);

        Assert.Contains("- report (final).pdf *(not exported)*", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "files")));
    }

    [Fact]
    public async Task PerSpace_NamesAreSafeOnEveryOs_AndNeverCollide()
    {
        using var store = await _directory.OpenStoreAsync();
        string[] names = ["a/b:c*?<>|", "CON", "Same", "Same", "東京メモ", "trailing dot.", "ends with space "];
        foreach (var name in names)
        {
            var space = await store.CreateSpaceAsync(name);
            await store.CreateNoteAsync(space.Id, $"note in {name}");
        }

        var folder = await ExportAsync(store, ExportSamples.NewFolder(_directory, "out"), MarkdownLayout.PerSpace, withFiles: false);

        Assert.Equal("dataans-export-20250304-050607", Path.GetFileName(folder));
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        Assert.Equal(names.Length, files.Count);
        Assert.Equal(names.Length, files.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(files, name => AssertPortable(name!));
        Assert.Contains(files, name => name!.StartsWith("東京メモ-", StringComparison.Ordinal));
        Assert.Contains(files, name => name!.StartsWith("a_b_c_____-", StringComparison.Ordinal));
        Assert.Equal(2, files.Count(name => name!.StartsWith("Same-", StringComparison.Ordinal)));
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.Contains("note in ", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PerNote_WritesAFolderPerSpaceAndAFilePerNote_WithWorkingLinks()
    {
        using var store = await _directory.OpenStoreAsync();
        var (work, home, report, _) = await ExportSamples.FillAsync(store);
        await store.CreateSpaceAsync("Work");

        var folder = await ExportAsync(store, ExportSamples.NewFolder(_directory, "out"), MarkdownLayout.PerNote, withFiles: true);

        var spaceFolders = Directory.GetDirectories(folder).Select(Path.GetFileName).Where(name => name != "files").ToList();
        Assert.Equal(3, spaceFolders.Count);
        Assert.All(spaceFolders, name => AssertPortable(name!));
        var workFolder = Path.Combine(folder, $"Work-{work.Id:N}"[..13]);
        Assert.Equal(2, Directory.GetFiles(workFolder, "*.md").Length);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, $"家のメモ-{home.Id.ToString("N")[..8]}"), "*.md"));
        var reportFile = Directory.GetFiles(workFolder, $"*-{report.Id.ToString("N")[..8]}.md").Single();
        Assert.StartsWith(report.CreatedAt.ToDateTimeOffset().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(reportFile), StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(reportFile);
        Assert.Contains("Space: Work", text, StringComparison.Ordinal);
        var link = $"../files/{report.Files[1].Id}_photo%201.jpg";
        Assert.Contains($"[photo 1.jpg]({link})", text, StringComparison.Ordinal);
        Assert.Equal(ExportSamples.PhotoBytes, await File.ReadAllBytesAsync(Path.GetFullPath(Path.Combine(workFolder, Uri.UnescapeDataString(link)))));
    }

    [Fact]
    public async Task ExportTwice_GetsTwoOutputs_AndLeavesNoTemporaryFolder()
    {
        using var store = await _directory.OpenStoreAsync();
        await ExportSamples.FillAsync(store);
        var output = ExportSamples.NewFolder(_directory, "out");

        var first = await ExportAsync(store, output, MarkdownLayout.PerSpace, withFiles: true);
        var second = await ExportAsync(store, output, MarkdownLayout.PerSpace, withFiles: true);

        Assert.Equal(first + "-2", second);
        Assert.Equal(2, Directory.GetDirectories(output).Length);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(second, "files")).Length);
    }

    [Fact]
    public async Task UnclosedCodeFence_IsClosed_SoTheNextNoteStaysReadable()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Code");
        await store.CreateNoteAsync(space.Id, "```python\nprint('never closed')");
        await store.CreateNoteAsync(space.Id, "next note");

        var text = await File.ReadAllTextAsync(await ExportAsync(store, ExportSamples.NewFolder(_directory, "out"), MarkdownLayout.OneFile, withFiles: false));

        Assert.Contains("print('never closed')\n```\n\n", text, StringComparison.Ordinal);
        Assert.Equal("plain", MarkdownText.CloseOpenFence("plain"));
        Assert.Equal("~~~~\nx\n~~~~", MarkdownText.CloseOpenFence("~~~~\nx\n~~~~"));
    }

    [Fact]
    public async Task SpaceNameWithMarkdown_IsEscapedInHeadings()
    {
        using var store = await _directory.OpenStoreAsync();
        await store.CreateSpaceAsync("<b>*bold*</b> #1");

        var text = await File.ReadAllTextAsync(await ExportAsync(store, ExportSamples.NewFolder(_directory, "out"), MarkdownLayout.OneFile, withFiles: false));

        Assert.Contains(@"# \<b\>\*bold\*\</b\> \#1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MarkdownLayout.OneFile, "files/")]
    [InlineData(MarkdownLayout.PerNote, "../files/")]
    public async Task InlineReferencesToAttachments_PointAtTheExportedCopies(MarkdownLayout layout, string prefix)
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Plans");
        var note = await store.CreateNoteAsync(
            space.Id,
            "Plan:\n![=40x](site%20plan.png)\n\nSee [the minutes](<minutes v2.pdf> \"final\") and ![][plan].\n\n"
                + "`![](site%20plan.png)` stays code, ![](elsewhere.png) is not attached.\n\n[plan]: site%20plan.png",
            [ExportSamples.Attachment("site plan.png", ExportSamples.PhotoBytes), ExportSamples.Attachment("minutes v2.pdf", ExportSamples.ReportBytes)]);
        var output = ExportSamples.NewFolder(_directory, "out");

        var path = await ExportAsync(store, output, layout, withFiles: true);

        var markdown = layout == MarkdownLayout.OneFile ? path : Directory.GetFiles(path, "*.md", SearchOption.AllDirectories).Single();
        var text = await File.ReadAllTextAsync(markdown);
        var plan = $"{prefix}{note.Files[0].Id}_site%20plan.png";
        var minutes = $"{prefix}{note.Files[1].Id}_minutes%20v2.pdf";
        Assert.Contains($"Plan:\n![=40x]({plan})\n", text, StringComparison.Ordinal);
        Assert.Contains($"See [the minutes]({minutes} \"final\") and ![][plan].", text, StringComparison.Ordinal);
        Assert.Contains($"[plan]: {plan}", text, StringComparison.Ordinal);
        Assert.Contains("`![](site%20plan.png)` stays code, ![](elsewhere.png) is not attached.", text, StringComparison.Ordinal);
        var folder = Path.GetDirectoryName(markdown)!;
        Assert.Equal(ExportSamples.PhotoBytes, await File.ReadAllBytesAsync(Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(plan)))));
        Assert.Equal(ExportSamples.ReportBytes, await File.ReadAllBytesAsync(Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(minutes)))));
    }

    [Theory]
    [InlineData(MarkdownLayout.OneFile)]
    [InlineData(MarkdownLayout.PerSpace)]
    public async Task FailedExport_RemovesTheFilesAndFoldersItCreated(MarkdownLayout layout)
    {
        using var store = await _directory.OpenStoreAsync();
        await ExportSamples.FillAsync(store);
        var output = Path.Combine(_directory.Path, "new", "deeper");
        using var cancel = new CancellationTokenSource();
        var progress = new StopAfterFirstNote(cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => MarkdownExporter.ExportAsync(store, output, layout, withFiles: true, new FixedTime(Now), progress, cancel.Token));

        Assert.True(progress.Stopped);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "new")));
    }

    [Fact]
    public async Task FailedJsonExport_IntoAnExistingFolder_LeavesItAsItWas()
    {
        using var store = await _directory.OpenStoreAsync();
        await ExportSamples.FillAsync(store);
        var output = ExportSamples.NewFolder(_directory, "out");
        await File.WriteAllTextAsync(Path.Combine(output, "mine.txt"), "kept");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => JsonExporter.ExportAsync(store, output, withFiles: true, new FixedTime(Now), new StopAfterFirstNote(cancel, "Copying files"), cancel.Token));

        Assert.Equal(["mine.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    private static Task<string> ExportAsync(DataansStore store, string output, MarkdownLayout layout, bool withFiles) =>
        MarkdownExporter.ExportAsync(store, output, layout, withFiles, new FixedTime(Now), progress: null, CancellationToken.None);

    private static void AssertPortable(string name)
    {
        Assert.DoesNotContain(name, character => "<>:\"/\\|?*".Contains(character, StringComparison.Ordinal) || char.IsControl(character));
        Assert.False(name.EndsWith('.') || name.EndsWith(' ') || name.StartsWith(' '), name);
        var stem = name.Split('.')[0].ToUpperInvariant();
        Assert.DoesNotContain(stem, new[] { "CON", "PRN", "AUX", "NUL", "COM1", "LPT1" });
    }
}

/// <summary>Cancels an export once it has written something (a note, or a copied file).</summary>
internal sealed class StopAfterFirstNote(CancellationTokenSource cancel, string stage = "Writing notes") : IProgress<ExportProgress>
{
    public bool Stopped { get; private set; }

    public void Report(ExportProgress value)
    {
        if (value.Stage == stage && value.Done >= 1)
        {
            Stopped = true;
            cancel.Cancel();
        }
    }
}
