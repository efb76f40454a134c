using System.Diagnostics;
using System.Text.RegularExpressions;
using Dataans.Core.Storage;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser.Xss;

/// <summary>
/// Every payload typed into the composer as a note and dropped as a file name, then shown in the timeline,
/// the attachment chips, edit mode, the note history and highlighted search snippets, with links clicked.
/// The tab runs with the page's CSP switched off, so the sanitizer and Blazor's encoding must hold on their own.
/// </summary>
[Collection("ui")]
public sealed class XssNoteTests(AppFixture app, ITestOutputHelper output)
{
    private static IReadOnlyList<XssPayload> Payloads => XssPayloads.All;

    [Fact]
    public async Task NotesAndFileNames_InTimelineChipsEditModeHistoryAndSearch_ShowAsTextAndNeverRun()
    {
        var clock = Stopwatch.StartNew();
        await using var extra = await ExtraApp.StartAsync();
        var space = await extra.Store.CreateSpaceAsync("Payload notes");
        await using var tab = await XssTab.OpenAsync(app.Browser, extra.Server.Url, bypassCsp: true);
        var page = tab.Page;
        await tab.Tab.SelectSpaceAsync(space.Name);

        await NotesTests.DropFilesAsync(page, [.. Payloads.Select((p, i) => (p.FileName, "file " + i))]);
        var fileNames = Payloads.Select(p => FilesFolder.SafeFileName(p.FileName)).ToArray();
        await Expect(page.Locator(".composer .chip .name")).ToHaveTextAsync(fileNames, new() { UseInnerText = true });
        foreach (var payload in Payloads)
        {
            await tab.Tab.Composer.FillAsync(payload.Text);
            await tab.Tab.Composer.PressAsync("Enter");
            await Expect(tab.Tab.Composer).ToHaveValueAsync(string.Empty);
        }

        var notes = tab.Tab.Notes;
        await Expect(notes).ToHaveCountAsync(Payloads.Count);
        Assert.Empty(await tab.ExecutionsAsync()); // the timeline alone ran nothing (checked again at the end)
        var failures = new List<string>();
        var shown = await notes.Locator(".markdown").AllInnerTextsAsync();
        for (var i = 0; i < Payloads.Count; i++)
        {
            if (!Normalize(shown[i]).Contains(Normalize(Payloads[i].Visible ?? Payloads[i].Text), StringComparison.Ordinal))
            {
                failures.Add($"{Payloads[i]}: the note shows '{Shorten(shown[i])}'");
            }
        }

        var chips = notes.First.Locator(".chip a");
        await Expect(chips).ToHaveTextAsync(fileNames, new() { UseInnerText = true });
        Assert.Equal(fileNames, await chips.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('download'))"));

        // Edit mode for every note at once (a DOM click reaches Blazor like a user's), then the raw text in each editor.
        await page.EvaluateAsync("() => document.querySelectorAll('article.note button[aria-label=\"Edit note\"]').forEach(b => b.click())");
        var editors = page.GetByRole(AriaRole.Textbox, new() { Name = "Note text" });
        await Expect(editors).ToHaveCountAsync(Payloads.Count);
        Assert.Equal(Payloads.Select(p => p.Text.Trim()), await editors.EvaluateAllAsync<string[]>("areas => areas.map(a => a.value)"));
        await Expect(notes.First.GetByRole(AriaRole.Button, new() { Name = "Remove " + fileNames[0], Exact = true })).ToBeVisibleAsync();
        failures.AddRange(await XssDom.ForbiddenAsync(page));
        await page.EvaluateAsync("() => document.querySelectorAll('article.note button[aria-label=\"Discard changes\"]').forEach(b => b.click())");
        await Expect(editors).ToHaveCountAsync(0);

        var links = await XssDom.ClickLinksAsync(tab, page.Locator("article.note .markdown"), failures);
        failures.AddRange(await SearchAsync(page));
        failures.AddRange(await HistoryAsync(extra, page, space.Name));
        failures.AddRange(await XssDom.ForbiddenAsync(page));

        var executions = await tab.ExecutionsAsync();
        output.WriteLine($"{Payloads.Count} notes × 4 places (timeline, edit mode, history, search snippet) and {Payloads.Count} file names × 3 "
            + $"(composer chip, note chip, edit mode); {links} links clicked; {executions.Count} executions; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Empty(executions);
        Assert.Empty(failures);
        Figures.Record("xss", "payloads as notes and file names", Payloads.Count);
        Figures.Record("xss", "links from payloads clicked", links);
        Figures.Record("xss", "script executions, notes and file names", executions.Count);
    }

    /// <summary>
    /// Searches that put the highlight inside each payload: "xss(1" finds #1 and #10–#19, and so on, so nine
    /// searches show every payload as a snippet; then queries made of markup.
    /// </summary>
    private static async Task<List<string>> SearchAsync(IPage page)
    {
        var failures = new List<string>();
        var input = page.Locator("#search-note-input");
        string[] markup = ["<script>", "onerror=", "javascript:", "'><img", "&lt;", "</textarea>"];
        foreach (var query in Enumerable.Range(1, 9).Select(digit => $"xss({digit}").Concat(markup))
        {
            await input.FillAsync(query);
            var expected = Payloads.Count(p => p.Text.Contains(query, StringComparison.OrdinalIgnoreCase));
            // The highlight of this query (not the previous one's): the results are this query's.
            await Expect(page.Locator(".results .snippet mark").Filter(new() { HasText = query }).First).ToBeVisibleAsync();
            await Expect(page.Locator(".found")).ToHaveTextAsync(Dataans.App.Components.Spaces.SearchResults.FoundText(expected, expected));
            await Expect(page.Locator(".results .result")).ToHaveCountAsync(expected);
            failures.AddRange((await XssDom.ForbiddenAsync(page)).Select(bad => $"search '{query}': {bad}"));
        }

        await input.PressAsync("Escape");
        return failures;
    }

    /// <summary>One note whose versions are all the payloads, in its history dialog.</summary>
    private static async Task<List<string>> HistoryAsync(ExtraApp extra, IPage page, string spaceName)
    {
        var space = (await extra.Store.ListSpacesAsync()).Single(s => s.Name == spaceName);
        var note = await extra.Store.CreateNoteAsync(space.Id, Payloads[0].Text);
        foreach (var payload in Payloads.Skip(1))
        {
            await extra.Store.UpdateNoteAsync(note.Id, payload.Text);
        }

        var card = page.Locator($"[id='{note.Id}']");
        await card.HoverAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Note history" }).ClickAsync();
        var versions = page.GetByRole(AriaRole.Dialog, new() { Name = "Note history" }).Locator(".version .text");
        await Expect(versions).ToHaveCountAsync(Payloads.Count);
        var texts = await versions.AllTextContentsAsync();
        var failures = Payloads.Where(p => !texts.Contains(p.Text.Trim())).Select(p => $"{p}: not shown as is in the history").ToList();
        failures.AddRange(await XssDom.ForbiddenAsync(page));
        await page.Keyboard.PressAsync("Escape");
        return failures;
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    private static string Shorten(string text) => text.Length <= 160 ? Normalize(text) : Normalize(text)[..160] + "…";
}
