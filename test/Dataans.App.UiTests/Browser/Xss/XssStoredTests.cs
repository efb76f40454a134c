using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dataans.Core.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser.Xss;

/// <summary>
/// Payloads that do not come from this device's UI: file names as another device may sync them (not
/// reduced to safe names), a backup imported from the settings page, and all of it under the real CSP.
/// </summary>
[Collection("ui")]
public sealed class XssStoredTests(AppFixture app, ITestOutputHelper output)
{
    private static IReadOnlyList<XssPayload> Payloads => XssPayloads.All;

    [Fact]
    public async Task UnsanitizedFileNames_InChipsAndEditMode_ShowAsTextAndNeverRun()
    {
        await using var extra = await ExtraApp.StartAsync();
        var spaces = await SeedAsync(extra);
        await using var tab = await XssTab.OpenAsync(app.Browser, extra.Server.Url, bypassCsp: true);
        foreach (var (space, payloads) in spaces)
        {
            await tab.Tab.SelectSpaceAsync(space);
            var chips = tab.Page.Locator("article.note .chip a");
            await Expect(chips).ToHaveCountAsync(payloads.Count);
            Assert.Equal(payloads.Select(p => p.FileName), await chips.EvaluateAllAsync<string[]>("links => links.map(a => a.textContent)"));
            Assert.Equal(payloads.Select(p => p.FileName), await chips.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('download'))"));
            await tab.Page.EvaluateAsync("() => document.querySelectorAll('article.note button[aria-label=\"Edit note\"]').forEach(b => b.click())");
            var remove = tab.Page.Locator("article.note .editor .chip button.remove");
            await Expect(remove).ToHaveCountAsync(payloads.Count);
            Assert.Equal(payloads.Select(p => "Remove " + p.FileName), await remove.EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.getAttribute('aria-label'))"));
            Assert.Empty(await XssDom.ForbiddenAsync(tab.Page));
        }

        Assert.Empty(await tab.ExecutionsAsync());
        output.WriteLine($"{Payloads.Count} raw file names × 3 places (chip, download name, edit mode); 0 executions");
    }

    [Fact]
    public async Task ImportedBackup_WithPayloads_ShowsThemAsTextAndNothingRuns()
    {
        await using var extra = await ExtraApp.StartAsync();
        await using var tab = await XssTab.OpenAsync(app.Browser, extra.Server.Url, bypassCsp: true, path: "/settings");
        await tab.Page.Locator("input[type=file][accept*=json]").SetInputFilesAsync(new FilePayload
        {
            Name = "hostile-backup.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(OriginalBackup()),
        });
        await tab.Tab.ExpectToastAsync(new Regex($"^Import successful! {Payloads.Count} spaces and {Payloads.Count} notes imported"));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the notes" }).ClickAsync();

        var spaceNames = tab.Page.Locator("nav.spaces .space .name");
        await Expect(spaceNames).ToHaveCountAsync(Payloads.Count);
        var names = await spaceNames.AllTextContentsAsync();
        Assert.Equal(Payloads.Select(p => p.SpaceName).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        foreach (var (space, payloads) in Chunks())
        {
            await tab.Tab.SelectSpaceAsync(space);
            await Expect(tab.Tab.Notes.Filter(new() { HasText = payloads[0].Token })).ToHaveCountAsync(1);
            await Expect(tab.Tab.Notes).ToHaveCountAsync(payloads.Count);
            var shown = await tab.Tab.Notes.EvaluateAllAsync<string[]>("notes => notes.map(n => n.innerText)");
            Assert.All(payloads, p => Assert.Contains(shown, text => text.Contains(p.Token, StringComparison.Ordinal)));
            var chips = await tab.Page.Locator("article.note .chip .name").AllTextContentsAsync();
            Assert.All(payloads, p => Assert.Contains(chips, chip => chip.Contains(p.Token, StringComparison.Ordinal)));
            Assert.Empty(await XssDom.ForbiddenAsync(tab.Page));
        }

        Assert.Empty(await tab.ExecutionsAsync());
        output.WriteLine($"{Payloads.Count} imported space names, notes and file names; 0 executions");
    }

    [Fact]
    public async Task Payloads_UnderTheRealCsp_CauseNoViolationAndNeverRun()
    {
        await using var extra = await ExtraApp.StartAsync();
        var spaces = await SeedAsync(extra);
        await using var tab = await XssTab.OpenAsync(app.Browser, extra.Server.Url, bypassCsp: false);
        var page = tab.Page;
        var links = 0;
        var failures = new List<string>();
        foreach (var (space, payloads) in spaces)
        {
            await tab.Tab.SelectSpaceAsync(space);
            await Expect(tab.Tab.Notes.Filter(new() { HasText = payloads[0].Token })).ToHaveCountAsync(1);
            await Expect(tab.Tab.Notes).ToHaveCountAsync(payloads.Count);
            Assert.Empty(await tab.ExecutionsAsync());
            Assert.Empty(await tab.CspViolationsAsync());
            links += await XssDom.ClickLinksAsync(tab, page.Locator("article.note .markdown"), failures);
            await page.EvaluateAsync("() => document.querySelectorAll('article.note button[aria-label=\"Edit note\"]').forEach(b => b.click())");
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Note text" })).ToHaveCountAsync(payloads.Count);
            Assert.Empty(await XssDom.ForbiddenAsync(page));
        }

        await page.Locator("#search-note-input").FillAsync("xss(");
        await Expect(page.Locator(".results .result mark").First).ToBeVisibleAsync();
        Assert.Empty(await XssDom.ForbiddenAsync(page));
        Assert.Empty(await tab.ExecutionsAsync());
        Assert.Empty(await tab.CspViolationsAsync());
        Assert.Empty(failures);
        output.WriteLine($"{Payloads.Count} notes and raw file names with the CSP on: timeline, search, edit mode; {links} links clicked; 0 violations");
        Figures.Record("xss", "CSP violations with the real CSP on", (await tab.CspViolationsAsync()).Count);
    }

    /// <summary>The payloads in groups small enough to be rendered at once (a timeline first shows 50 notes).</summary>
    private static List<(string Space, IReadOnlyList<XssPayload> Payloads)> Chunks() =>
        Payloads.Chunk(45).Select(chunk => (chunk[0].SpaceName, (IReadOnlyList<XssPayload>)chunk)).ToList();

    /// <summary>Every payload as a note, each with a file named by the payload (raw, as sync may deliver it).</summary>
    private static async Task<List<(string Space, IReadOnlyList<XssPayload> Payloads)>> SeedAsync(ExtraApp extra)
    {
        var chunks = Chunks();
        foreach (var (name, payloads) in chunks)
        {
            var space = await extra.Store.CreateSpaceAsync(name);
            foreach (var payload in payloads)
            {
                var file = new AttachmentSource($"placeholder-{payload.Id}.txt", _ => Task.FromResult<Stream>(new MemoryStream("x"u8.ToArray())));
                await extra.Store.CreateNoteAsync(space.Id, payload.Text, [file]);
            }
        }

        // Local paths reduce names to safe ones; a name pulled from the sync server is stored as it came.
        await using var db = new SqliteConnection($"Data Source={extra.Store.Directory.DatabasePath};Pooling=False");
        await db.OpenAsync();
        foreach (var payload in Payloads)
        {
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE files SET name = $name WHERE name = $placeholder";
            update.Parameters.AddWithValue("$name", payload.FileName);
            update.Parameters.AddWithValue("$placeholder", $"placeholder-{payload.Id}.txt");
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        return chunks;
    }

    /// <summary>
    /// A backup of the original app: every payload as a space name; the spaces of <see cref="Chunks"/> hold
    /// every payload as a note with a file (names with control characters are refused by the import: not those).
    /// </summary>
    private static string OriginalBackup()
    {
        var chunks = Chunks().ToDictionary(chunk => chunk.Space, chunk => chunk.Payloads);
        var spaces = Payloads.Select(p => (Id: Guid.NewGuid(), Payload: p)).ToList();
        var data = spaces.Select(space => new
        {
            space = new
            {
                id = space.Id,
                name = space.Payload.SpaceName,
                created_at = "2025-02-11T08:00:00Z",
                updated_at = "2025-02-11T08:00:00Z",
                avatar = new { id = Guid.NewGuid(), path = "/public/default_space_avatar.png" },
            },
            notes = chunks.GetValueOrDefault(space.Payload.SpaceName, []).Select(p => new
            {
                id = Guid.NewGuid(),
                text = p.Text,
                created_at = "2025-02-12T09:15:00Z",
                updated_at = "2025-02-12T09:15:00Z",
                space_id = space.Id,
                files = new[] { new { id = Guid.NewGuid(), name = p.FileName.Any(char.IsControl) ? p.Token + ".txt" : p.FileName } },
            }).ToArray(),
        });
        return JsonSerializer.Serialize(new { version = "V1", data });
    }
}
