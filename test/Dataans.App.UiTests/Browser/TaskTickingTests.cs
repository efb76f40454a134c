using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Task checkboxes can be ticked from the timeline (18.10): each tick is an edit of the note, kept in its history.</summary>
[Collection("ui")]
public sealed class TaskTickingTests(AppFixture app)
{
    [Fact]
    public async Task TickingATaskInTheTimeline_EditsTheNote_WithHistory()
    {
        var space = await app.Store.CreateSpaceAsync("Tasks " + Guid.NewGuid().ToString("N")[..6]);
        var note = await app.Store.CreateNoteAsync(space.Id, "Groceries\n\n- [ ] milk\n- [ ] eggs\n  - [x] brown ones\n\n```\n- [ ] not a task\n```");
        await using var tab = await app.OpenAsync();
        await tab.SelectSpaceAsync(space.Name);
        var boxes = tab.Notes.Last.Locator(".markdown input.task");
        await Expect(boxes).ToHaveCountAsync(3);

        await boxes.Nth(1).ClickAsync();
        await Expect(boxes.Nth(1)).ToBeCheckedAsync();
        await Expect(tab.Notes.Last.Locator(".edited")).ToBeVisibleAsync();
        Assert.Equal("Groceries\n\n- [ ] milk\n- [x] eggs\n  - [x] brown ones\n\n```\n- [ ] not a task\n```", (await app.Store.GetNoteAsync(note.Id)).Text);

        await boxes.Nth(2).ClickAsync();
        await Expect(boxes.Nth(2)).Not.ToBeCheckedAsync();
        await Expect(boxes.Nth(0)).Not.ToBeCheckedAsync();
        Assert.Equal("Groceries\n\n- [ ] milk\n- [x] eggs\n  - [ ] brown ones\n\n```\n- [ ] not a task\n```", (await app.Store.GetNoteAsync(note.Id)).Text);
        Assert.Equal(3, (await app.Store.GetHistoryAsync(note.Id)).Count);

        await tab.Notes.Last.HoverAsync();
        await tab.Notes.Last.GetByRole(AriaRole.Button, new() { Name = "Note history" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("- [x] eggs");
    }
}
