using Dataans.Core.Model;

namespace Dataans.App.Ui.State;

/// <summary>
/// The part of a space's timeline that is loaded and the part of that which is rendered. The loaded
/// notes are always the newest ones, in chronological order; older pages are added in front as the user
/// scrolls up. At most <see cref="MaxRendered"/> notes are in the page at once, so a space with tens of
/// thousands of notes renders as fast as a small one. Not thread-safe (one per timeline component).
/// </summary>
internal sealed class TimelineWindow
{
    public const int PageSize = 50;
    public const int MaxRendered = 150;

    private readonly List<Note> _loaded = [];

    public int Start { get; private set; }

    public int End { get; private set; }

    /// <summary>True while the store may hold notes older than the first loaded one.</summary>
    public bool HasOlder { get; private set; }

    public int LoadedCount => _loaded.Count;

    public IEnumerable<Note> Visible => _loaded.Skip(Start).Take(End - Start);

    /// <summary>True when the newest loaded note is rendered (new notes then appear at the bottom).</summary>
    public bool ShowsNewest => End == _loaded.Count;

    public bool CanShiftUp => Start > 0;

    public bool CanShiftDown => End < _loaded.Count;

    public Note? OldestNote => _loaded.Count == 0 ? null : _loaded[0];

    /// <summary>Starts over with the newest page of a space.</summary>
    public void Reset(IReadOnlyList<Note> newest, bool hasOlder)
    {
        _loaded.Clear();
        _loaded.AddRange(newest);
        HasOlder = hasOlder;
        End = _loaded.Count;
        Start = Math.Max(0, End - MaxRendered);
    }

    /// <summary>Adds a page of older notes in front (chronological order) and shows them.</summary>
    public void PrependOlder(IReadOnlyList<Note> older, bool hasOlder)
    {
        _loaded.InsertRange(0, older);
        HasOlder = hasOlder;
        Start += older.Count;
        End += older.Count;
        ShiftUp();
    }

    /// <summary>Renders up to a page of older loaded notes, dropping the newest rendered ones beyond the limit.</summary>
    public void ShiftUp()
    {
        Start = Math.Max(0, Start - PageSize);
        End = Math.Min(End, Start + MaxRendered);
    }

    public void ShiftDown()
    {
        End = Math.Min(_loaded.Count, End + PageSize);
        Start = Math.Max(Start, End - MaxRendered);
    }

    /// <summary>Renders the newest notes again (e.g. after sending one).</summary>
    public void ShowNewest()
    {
        End = _loaded.Count;
        Start = Math.Max(0, End - MaxRendered);
    }

    /// <summary>Centers the rendered part on a loaded note; false when it is not loaded.</summary>
    public bool CenterOn(Guid noteId)
    {
        var index = _loaded.FindIndex(note => note.Id == noteId);
        if (index < 0)
        {
            return false;
        }

        Start = Math.Max(0, index - (MaxRendered / 2));
        End = Math.Min(_loaded.Count, Start + MaxRendered);
        Start = Math.Max(0, End - MaxRendered);
        return true;
    }

    public bool Contains(Guid noteId) => _loaded.Exists(note => note.Id == noteId);

    /// <summary>Adds or replaces a note of this space; notes older than everything loaded are left for paging.</summary>
    public void Upsert(Note note)
    {
        var index = _loaded.FindIndex(candidate => candidate.Id == note.Id);
        if (index >= 0)
        {
            _loaded[index] = note;
            return;
        }

        if (HasOlder && _loaded.Count > 0 && Compare(note, _loaded[0]) < 0)
        {
            return;
        }

        var showsNewest = ShowsNewest;
        var position = _loaded.FindLastIndex(candidate => Compare(candidate, note) < 0) + 1;
        _loaded.Insert(position, note);
        if (position < Start)
        {
            Start++;
            End++;
        }
        else if (position < End || (showsNewest && position == _loaded.Count - 1))
        {
            End++;
        }

        if (End - Start > MaxRendered)
        {
            Start = End - MaxRendered;
        }
    }

    public void Remove(Guid noteId)
    {
        var index = _loaded.FindIndex(note => note.Id == noteId);
        if (index < 0)
        {
            return;
        }

        _loaded.RemoveAt(index);
        if (index < Start)
        {
            Start--;
        }

        if (index < End)
        {
            End--;
        }
    }

    private static int Compare(Note left, Note right)
    {
        var byTime = left.CreatedAt.CompareTo(right.CreatedAt);
        return byTime != 0 ? byTime : left.Id.CompareTo(right.Id);
    }
}
