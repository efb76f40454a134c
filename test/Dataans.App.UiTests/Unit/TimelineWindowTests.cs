using Dataans.App.Ui.State;
using Dataans.Contracts;
using Dataans.Core.Model;

namespace Dataans.App.UiTests.Unit;

public sealed class TimelineWindowTests
{
    private static readonly Guid Space = Guid.NewGuid();

    [Fact]
    public void Reset_RendersTheNewestNotes()
    {
        var window = new TimelineWindow();
        window.Reset(Notes(0, 50), hasOlder: true);

        Assert.Equal(Enumerable.Range(0, 50), window.Visible.Select(Number));
        Assert.True(window.ShowsNewest);
        Assert.False(window.CanShiftUp);
    }

    [Fact]
    public void PagingUp_KeepsAtMostMaxRenderedNotes_AndPagingDownComesBack()
    {
        var window = new TimelineWindow();
        window.Reset(Notes(1000, 50), hasOlder: true);
        for (var page = 1; page <= 5; page++)
        {
            window.PrependOlder(Notes(1000 - (page * 50), 50), hasOlder: true);
        }

        Assert.Equal(300, window.LoadedCount);
        Assert.Equal(TimelineWindow.MaxRendered, window.Visible.Count());
        Assert.Equal(750, Number(window.Visible.First()));
        Assert.False(window.ShowsNewest);

        while (window.CanShiftDown)
        {
            window.ShiftDown();
        }

        Assert.True(window.ShowsNewest);
        Assert.Equal(1049, Number(window.Visible.Last()));
        Assert.Equal(TimelineWindow.MaxRendered, window.Visible.Count());
    }

    [Fact]
    public void Upsert_AppendsNewNotesWhenTheNewestAreShown_AndReplacesKnownOnes()
    {
        var window = new TimelineWindow();
        var notes = Notes(0, 3);
        window.Reset(notes, hasOlder: false);

        window.Upsert(Note(3));
        window.Upsert(notes[1] with { Text = "edited" });

        Assert.Equal(["0", "edited", "2", "3"], window.Visible.Select(note => note.Text));
    }

    [Fact]
    public void Upsert_LeavesNotesOlderThanTheLoadedOnesForPaging()
    {
        var window = new TimelineWindow();
        window.Reset(Notes(100, 50), hasOlder: true);

        window.Upsert(Note(5));

        Assert.Equal(50, window.LoadedCount);
    }

    [Fact]
    public void RemoveAndCenterOn_MoveTheWindow()
    {
        var window = new TimelineWindow();
        var notes = Notes(0, 400);
        window.Reset(notes, hasOlder: false);

        Assert.True(window.CenterOn(notes[10].Id));
        Assert.Contains(window.Visible, note => note.Id == notes[10].Id);
        Assert.Equal(0, window.Start);

        window.Remove(notes[10].Id);
        Assert.DoesNotContain(window.Visible, note => note.Id == notes[10].Id);
        Assert.False(window.CenterOn(Guid.NewGuid()));
    }

    private static List<Note> Notes(int first, int count) => Enumerable.Range(first, count).Select(Note).ToList();

    private static Note Note(int number)
    {
        var time = new Timestamp(1_700_000_000_000_000_000 + (number * 1_000_000_000L));
        return new Note(Guid.NewGuid(), Space, number.ToString(System.Globalization.CultureInfo.InvariantCulture), time, time, [], false);
    }

    private static int Number(Note note) => int.Parse(note.Text, System.Globalization.CultureInfo.InvariantCulture);
}
