using Bunit;
using Dataans.App.Components.Common;
using Dataans.App.Components.Notes;
using Dataans.App.Components.Spaces;
using Dataans.App.Ui.Markdown;
using Dataans.App.Ui.State;
using Dataans.Contracts;
using Dataans.Core.Model;
using Dataans.Core.Search;
using Dataans.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.App.UiTests.Unit;

/// <summary>Component logic checked with bUnit, without a browser.</summary>
public sealed class ComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly Timestamp Written = Timestamp.Parse("2025-03-01T09:05:00Z");

    public ComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<NoteRenderer>();
        Services.AddScoped<ToastService>();
        Services.AddScoped<BrowserBridge>();
        Services.AddScoped<TimeDisplay>();
    }

    private readonly string _dataDir = Directory.CreateTempSubdirectory("dataans-components-").FullName;
    private DataansStore? _store;

    // File chips can open attachments: the launcher needs the store whose files it opens.
    public async Task InitializeAsync()
    {
        _store = await DataansStore.OpenAsync(new DataDirectory(_dataDir));
        Services.AddSingleton(new Desktop.AttachmentLauncher(_store));
    }

    // The bridge to the browser only disposes asynchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public void NoteCard_ShowsLocalTime_EditedMarker_AndConflictMarker()
    {
        Services.GetRequiredService<TimeDisplay>().SetZone("Asia/Tokyo");
        var note = new Note(Guid.NewGuid(), Guid.NewGuid(), "**hi**", Written, Written.AddNanoseconds(60_000_000_000), [], HasConflict: true);

        var card = Render<NoteCard>(parameters => parameters.Add(c => c.Note, note));

        Assert.Equal("18:05:00 01/March/2025", card.Find("time").TextContent);
        Assert.Equal("Updated at: 18:06:00 01/March/2025", card.Find(".edited").GetAttribute("title"));
        Assert.NotNull(card.Find("button[aria-label='This note has a conflicting edit: open its history']"));
        Assert.Equal("<strong>hi</strong>", card.Find(".markdown p").InnerHtml);
    }

    [Fact]
    public void NoteCard_WithoutEditOrConflict_HasNeitherMarker()
    {
        var note = new Note(Guid.NewGuid(), Guid.NewGuid(), "plain", Written, Written, [], HasConflict: false);

        var card = Render<NoteCard>(parameters => parameters.Add(c => c.Note, note));

        Assert.Empty(card.FindAll(".edited"));
        Assert.Empty(card.FindAll(".conflict"));
        Assert.All(card.FindAll("button"), button => Assert.False(string.IsNullOrEmpty(button.GetAttribute("aria-label"))));
    }

    [Fact]
    public void FileChips_ShowStatus_AndOnlyLinkFilesThatAreHere()
    {
        var noteId = Guid.NewGuid();
        FileAttachment[] files =
        [
            new(Guid.NewGuid(), "here.pdf", "a_here.pdf", true, 2048, FileStatus.ExistAndUploaded),
            new(Guid.NewGuid(), "remote.pdf", "b_remote.pdf", true, null, FileStatus.NotExistAndUploaded),
        ];

        var chips = Render<FileChips>(parameters => parameters.Add(c => c.NoteId, noteId).Add(c => c.Files, files));

        var link = chips.Find("a");
        Assert.Equal($"/files/{noteId}/{files[0].Id}", link.GetAttribute("href"));
        Assert.Equal("2 KiB", chips.Find(".size").TextContent);
        Assert.Equal(
            ["On this device and uploaded", "On the sync server, not downloaded yet"],
            chips.FindAll(".status").Select(status => status.GetAttribute("aria-label")));
        Assert.Single(chips.FindAll("a"));
    }

    [Fact]
    public void SearchResults_CountsAndHighlightsEscapedSnippets()
    {
        var note = new Note(Guid.NewGuid(), Guid.NewGuid(), "x", Written, Written, [], false);
        SearchHit[] hits = [new(note, "<Work>", "a <i> \u0002match\u0003", -1)];

        var results = Render<SearchResults>(parameters => parameters.Add(c => c.Hits, hits).Add(c => c.Total, 1).Add(c => c.HasQuery, true).Add(c => c.Selected, 0));

        Assert.Equal("Found 1 note:", results.Find(".found").TextContent.Trim());
        Assert.Empty(results.FindAll("button.more"));
        Assert.Equal("a &lt;i&gt; <mark>match</mark>", results.Find(".snippet").InnerHtml);
        Assert.Equal("<Work>", results.Find(".space-name").TextContent);
        Assert.Equal("true", results.Find("[role=option]").GetAttribute("aria-selected"));
    }

    [Fact]
    public void SearchResults_WhileAFullPageIsCounted_ShowTheHitsAndNoMoreButton_ThenTheTotal()
    {
        SearchHit[] hits = [.. Enumerable.Range(0, 3).Select(i => new SearchHit(new Note(Guid.NewGuid(), Guid.NewGuid(), "x", Written, Written, [], false), "Work", $"\u0002milk\u0003 {i}", -1))];

        var results = Render<SearchResults>(parameters => parameters.Add(c => c.Hits, hits).Add(c => c.Total, null).Add(c => c.HasQuery, true));

        Assert.Equal("Found 3+ notes, counting…", results.Find(".found").TextContent.Trim());
        Assert.Equal(3, results.FindAll(".result").Count);
        Assert.Empty(results.FindAll("button.more"));

        results.Render(parameters => parameters.Add(c => c.Total, 1_234));

        Assert.Equal("Found 1,234 notes:", results.Find(".found").TextContent.Trim());
        Assert.Equal("Show more (1,231 left)", results.Find("button.more").TextContent.Trim());
    }

    [Fact]
    public void ConfigWarnings_AreListed_AndCanBeDismissed()
    {
        var banner = Render<ConfigWarnings>(parameters => parameters.Add(c => c.Warnings, ["config.toml is broken."]));

        Assert.Equal("config.toml is broken.", banner.Find("[role=alert] li").TextContent);
        banner.Find("button").Click();
        Assert.Empty(banner.FindAll("[role=alert]"));
    }
}
