using System.Diagnostics;
using System.Globalization;
using Dataans.Contracts;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

[Collection("ui")]
public sealed class LargeSpaceTests(AppFixture app, ITestOutputHelper output)
{
    private const int NoteCount = 20_000;

    [Fact]
    public async Task TwentyThousandNotes_OpenAtTheNewest_AndScrollBackInWindows()
    {
        await using var extra = await ExtraApp.StartAsync();
        var import = Stopwatch.StartNew();
        await Importer.ImportAsync(extra.Store, WriteExport(extra.DataDir));
        output.WriteLine($"Imported {NoteCount:N0} notes in {import.ElapsedMilliseconds} ms.");
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        var page = tab.Page;
        var newest = page.Locator("article.note").Last;

        // First paint: from the click on the space to the newest note on screen (rendered Markdown).
        var clock = Stopwatch.StartNew();
        await page.Locator("nav.spaces .space", new() { HasText = "Big space" }).ClickAsync();
        await Expect(newest.Locator(".markdown strong")).ToHaveTextAsync($"Note {NoteCount - 1}");
        var firstPaint = clock.Elapsed;
        await Expect(newest).ToBeInViewportAsync();
        output.WriteLine($"First paint of a {NoteCount:N0}-note space: {firstPaint.TotalMilliseconds:F0} ms."); // a figure, not a pass mark: tests assert no times
        await Expect(page.Locator(".space-header .count")).ToHaveTextAsync($"{NoteCount:N0} notes");

        // Scrolling up loads older pages and keeps the number of rendered notes bounded.
        var timeline = page.Locator(".timeline");
        // Reaching the target is checked after each scroll, not once at the end: the timeline may go on loading
        // older pages by itself while its top edge stays near the viewport, and move past the target.
        var headings = page.Locator("article.note .markdown strong");
        var target = page.Locator("article.note", new() { HasText = $"Note {NoteCount - 400}" });
        var reached = false;
        for (var i = 0; i < 30 && !reached; i++)
        {
            var first = await headings.First.TextContentAsync();
            await timeline.EvaluateAsync("el => el.scrollTop = 0");
            await Expect(headings.First).Not.ToHaveTextAsync(first!);
            Assert.InRange(await page.Locator("article.note").CountAsync(), 1, 150);
            reached = await target.CountAsync() > 0;
        }

        Assert.True(reached, $"Note {NoteCount - 400} never rendered in 30 scrolls to the top; rendered now: {await headings.First.TextContentAsync()} … {await headings.Last.TextContentAsync()}");
        await Expect(page.Locator("article.note", new() { HasText = $"Note {NoteCount - 1}" })).ToHaveCountAsync(0);
    }

    private static string WriteExport(string folder)
    {
        var start = Timestamp.Parse("2024-01-01T00:00:00Z");
        string Time(int minutes) => start.AddNanoseconds(minutes * 60_000_000_000L).ToString();
        var notes = Enumerable.Range(0, NoteCount)
            .Select(i => new ExportNote(
                Guid.NewGuid(),
                string.Create(CultureInfo.InvariantCulture, $"**Note {i}**\n\nSome text with a list:\n- one\n- two\n\n`code` and a [link](https://example.com)"),
                Time(i),
                Time(i),
                false,
                []))
            .ToList();
        var document = new ExportDocument(ExportDocument.FormatName, ExportDocument.CurrentVersion, [new ExportSpace(Guid.NewGuid(), "Big space", Time(0), Time(0), null, notes)]);
        var path = Path.Combine(folder, "big-export.json");
        File.WriteAllText(path, document.ToJson());
        return path;
    }
}
