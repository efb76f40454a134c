using System.Diagnostics;
using Dataans.App.Ui.State;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// A full disk (issue 18.13): a 2 MiB tmpfs holds the data folder and is filled up; the CLI and the UI
/// say in one sentence that the disk is full and nothing was saved, and nothing is lost. Needs root (mount).
/// </summary>
[Collection("ui")]
public sealed class FullDiskTests(AppFixture app) : IAsyncLifetime
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "dataans-full-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mount);
        var (code, error) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _mount);
        Assert.True(code == 0, "mounting a tmpfs needs root: " + error);
    }

    public async Task DisposeAsync()
    {
        await RunAsync("umount", "-l", _mount);
        AppFixture.TryDelete(_mount);
    }

    [Fact]
    public async Task FullDisk_IsOneSentenceInTheCliAndTheUi_AndNothingIsLost()
    {
        var dataDir = Path.Combine(_mount, "data");
        await using var extra = await ExtraApp.StartAsync(dataDir: dataDir);
        var space = await extra.Store.CreateSpaceAsync("Kept");
        await extra.Store.CreateNoteAsync(space.Id, "written before the disk filled up");
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Kept");
        FillUp(Path.Combine(_mount, "filler"));

        var attachment = Path.Combine(app.DataDir, "scan-" + Guid.NewGuid().ToString("N")[..6] + ".bin");
        await File.WriteAllBytesAsync(attachment, new byte[512 * 1024]);
        var (code, _, stderr) = await FirstHourTests.RunCliAsync(dataDir, "note", "add", "--space", space.Id.ToString(), "with a scan", "--attach", attachment);
        Assert.Equal(1, code);
        Assert.Equal(DiskFull.Sentence, stderr.Trim());

        await tab.Composer.FillAsync(new string('x', 400_000));
        await tab.Composer.PressAsync("Enter");
        await tab.ExpectToastAsync("Could not create the note: the disk is full, so nothing was saved; free some space and try again.");
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotScenesTests.Folder(), "disk-full-dark.png") });

        File.Delete(Path.Combine(_mount, "filler"));
        var notes = await extra.Store.ListNotesAsync(space.Id, 10);
        Assert.Equal(["written before the disk filled up"], notes.Select(note => note.Text));
        await extra.Store.CreateNoteAsync(space.Id, "written after space was freed");
        Assert.Equal(2, await extra.Store.CountNotesAsync(space.Id));
        await Expect(tab.Notes).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task FullDisk_DuringAnExport_RemovesWhatItHalfWrote()
    {
        var dataDir = Path.Combine(_mount, "data");
        await using var extra = await ExtraApp.StartAsync(dataDir: dataDir);
        var space = await extra.Store.CreateSpaceAsync("Scans");
        await extra.Store.CreateNoteAsync(space.Id, "a scan", [new("scan.bin", _ => Task.FromResult<Stream>(new MemoryStream(new byte[600 * 1024])))]);
        var exports = Path.Combine(_mount, "exports");
        FillUp(Path.Combine(_mount, "filler"));

        await using var tab = await app.OpenAsync(extra.Server.Url, "/settings");
        await tab.Page.Locator("#export-folder").FillAsync(exports);
        await tab.Page.Locator("#export-format").SelectOptionAsync("md");
        await tab.Page.Locator("#export-layout").SelectOptionAsync("OneFile");
        await tab.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();

        await tab.ExpectToastAsync("Export failed: the disk is full, so nothing was saved; free some space and try again.");
        Assert.False(Directory.Exists(exports), "the export's folder was left behind: " + string.Join(", ", Directory.Exists(exports) ? Directory.GetFileSystemEntries(exports, "*", SearchOption.AllDirectories) : []));
    }

    private static void FillUp(string path)
    {
        using var file = File.Create(path);
        var block = new byte[16 * 1024];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException exception) when (DiskFull.Is(exception))
        {
            // full
        }
    }

    private static async Task<(int Code, string Error)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
