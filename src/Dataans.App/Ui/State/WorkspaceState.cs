using Dataans.Core.Model;
using Dataans.Core.Operations;
using Dataans.Core.Storage;

namespace Dataans.App.Ui.State;

/// <summary>
/// What one browser tab shows: the spaces, the selected one, whether the spaces panel is collapsed,
/// the search mode, and a note to jump to. Raises <see cref="Changed"/> after every change and
/// <see cref="StoreChanged"/> for every committed change in the store (local or from sync).
/// Components call it on their render thread and subscribe with <c>InvokeAsync</c>.
/// </summary>
internal sealed class WorkspaceState : IDisposable
{
    /// <summary>The store's meta key that remembers the selected space across reloads and restarts.</summary>
    internal const string SelectedSpaceKey = "selected-space";

    private readonly DataansStore _store;
    private readonly HashSet<Guid> _deletingHere = [];
    private bool _restored;
    private int _loadsStarted;

    public WorkspaceState(DataansStore store)
    {
        _store = store;
        _store.Changed += OnStoreChanged;
    }

    public event Action? Changed;

    /// <summary>Raised on the store's thread after a committed change.</summary>
    public event Action<ChangeSet>? StoreChanged;

    /// <summary>The open space disappeared, deleted by another device or program (not by this tab).</summary>
    public event Action<Space>? SelectedDeletedElsewhere;

    public IReadOnlyList<Space> Spaces { get; private set; } = [];

    public Space? Selected { get; private set; }

    public bool SpacesMinimized { get; private set; }

    /// <summary>Null while the spaces list shows; otherwise the search and its scope.</summary>
    public SearchScope? Search { get; private set; }

    /// <summary>A note the timeline should load, scroll to and focus (consumed by the timeline).</summary>
    public Guid? PendingFocus { get; set; }

    /// <summary>The space a note was just sent to: its timeline shows and scrolls to the newest notes.</summary>
    public Guid? NoteSentTo { get; set; }

    public void NoteSent(Guid spaceId)
    {
        NoteSentTo = spaceId;
        Changed?.Invoke();
    }

    /// <summary>
    /// Reloads the spaces (and, the first time, the remembered selection). Loads can overlap (the page's first
    /// load, a save in the space form, a change from another program): only the one started last applies its
    /// result, and the remembered space is applied only if nothing was selected in the meantime.
    /// </summary>
    public async Task LoadSpacesAsync(CancellationToken cancellationToken = default)
    {
        var load = ++_loadsStarted;
        var remembered = _restored ? null : await _store.Preferences.GetAsync(SelectedSpaceKey, cancellationToken);
        var spaces = await _store.ListSpacesAsync(cancellationToken);
        if (load != _loadsStarted)
        {
            return;
        }

        Spaces = spaces;
        if (!_restored)
        {
            _restored = true;
            if (Selected is null && Guid.TryParse(remembered, out var id))
            {
                Selected = Spaces.FirstOrDefault(space => space.Id == id);
            }
        }

        Space? deletedElsewhere = null;
        if (Selected is { } selected)
        {
            Selected = Spaces.FirstOrDefault(space => space.Id == selected.Id);
            if (Selected is null && Search?.Space?.Id == selected.Id)
            {
                Search = null;
            }

            if (Selected is null && !_deletingHere.Remove(selected.Id))
            {
                deletedElsewhere = selected;
            }
        }

        Changed?.Invoke();
        if (deletedElsewhere is not null)
        {
            SelectedDeletedElsewhere?.Invoke(deletedElsewhere);
        }
    }

    /// <summary>Deletes a space on the user's word in this tab (so its disappearance is not news).</summary>
    public async Task DeleteSpaceAsync(Space space, CancellationToken cancellationToken = default)
    {
        _deletingHere.Add(space.Id);
        try
        {
            await _store.DeleteSpaceAsync(space.Id, cancellationToken);
        }
        catch
        {
            _deletingHere.Remove(space.Id);
            throw;
        }

        if (Selected?.Id == space.Id)
        {
            Select(null);
        }
    }

    /// <summary>The note the user jumped to last (from search); null once they pick a space themselves.</summary>
    public Guid? JumpedTo { get; private set; }

    public void Select(Space? space)
    {
        JumpedTo = null;
        Selected = space;
        Remember(space);
        Changed?.Invoke();
    }

    /// <summary>The previous or next space, wrapping around; with none selected, the first (next) or last (previous).</summary>
    public void SelectRelative(int step)
    {
        if (Spaces.Count == 0)
        {
            return;
        }

        var index = Selected is null ? (step > 0 ? -1 : 0) : Spaces.ToList().FindIndex(space => space.Id == Selected.Id);
        Select(Spaces[(((index + step) % Spaces.Count) + Spaces.Count) % Spaces.Count]);
    }

    public void ToggleSpaces()
    {
        SpacesMinimized = !SpacesMinimized;
        Changed?.Invoke();
    }

    /// <summary>Opens the search: everywhere, or in the selected space.</summary>
    public void StartSearch(bool inSelectedSpace)
    {
        SpacesMinimized = false;
        Search = new SearchScope(inSelectedSpace ? Selected : null, Search?.Query ?? string.Empty);
        Changed?.Invoke();
    }

    /// <summary>The user typed in the search box; with <paramref name="startIfClosed"/> a closed search opens (everywhere).</summary>
    public void SetQuery(string query, bool startIfClosed = false)
    {
        if (Search is not null)
        {
            Search = Search with { Query = query };
        }
        else if (startIfClosed)
        {
            SpacesMinimized = false;
            Search = new SearchScope(null, query);
            Changed?.Invoke();
        }
    }

    public void EndSearch()
    {
        Search = null;
        Changed?.Invoke();
    }

    /// <summary>Selects the note's space and asks the timeline to show and focus the note.</summary>
    public void JumpTo(Note note)
    {
        PendingFocus = note.Id;
        JumpedTo = note.Id;
        Selected = Spaces.FirstOrDefault(space => space.Id == note.SpaceId) ?? Selected;
        Remember(Selected);
        Changed?.Invoke();
    }

    public void Dispose() => _store.Changed -= OnStoreChanged;

    private void OnStoreChanged(ChangeSet changes) => StoreChanged?.Invoke(changes);

    private void Remember(Space? space) => _ = RememberAsync(space?.Id);

    private async Task RememberAsync(Guid? spaceId)
    {
        try
        {
            await _store.Preferences.SetAsync(SelectedSpaceKey, spaceId?.ToString() ?? string.Empty);
        }
        catch (Exception exception) when (exception is StoreException or Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            // Only a convenience: the next start shows no space selected.
        }
    }
}

/// <summary>A search: in <paramref name="Space"/> only, or everywhere when it is null.</summary>
internal sealed record SearchScope(Space? Space, string Query);
