namespace Dataans.App.Ui.Config;

/// <summary>The actions a user can bind in <c>[key-bindings]</c>, with the original app's defaults.</summary>
internal static class KeyActions
{
    public const string ToggleSpacesBar = "toggle-spaces-bar";
    public const string CreateSpace = "create-space";
    public const string EditCurrentSpace = "edit-current-space";
    public const string DeleteCurrentSpace = "delete-current-space";
    public const string SelectPrevListItem = "select-prev-list-item";
    public const string SelectNextListItem = "select-next-list-item";
    public const string FindNote = "find-note";
    public const string FindNoteInSelectedSpace = "find-note-in-selected-space";
    public const string RegenerateSpaceAvatar = "regenerate-space-avatar";

    /// <summary>Every action in the order the settings page lists them, with its default and a description.</summary>
    public static readonly IReadOnlyList<(string Action, string Default, string Description)> All =
    [
        (ToggleSpacesBar, "Ctrl+s", "Collapse or expand the spaces panel"),
        (CreateSpace, "Ctrl+n", "Create a space"),
        (EditCurrentSpace, "Ctrl+e", "Edit the selected space"),
        (DeleteCurrentSpace, "Ctrl+Delete", "Delete the selected space"),
        (SelectPrevListItem, "Alt+1", "Previous space or search result"),
        (SelectNextListItem, "Alt+2", "Next space or search result"),
        (FindNote, "Ctrl+f", "Search all notes"),
        (FindNoteInSelectedSpace, "Ctrl+m", "Search the selected space"),
        (RegenerateSpaceAvatar, "Ctrl+r", "Regenerate the avatar (in the space form)"),
    ];

    public static IReadOnlyDictionary<string, KeyCombo> Defaults { get; } =
        All.ToDictionary(entry => entry.Action, entry => KeyCombo.TryParse(entry.Default, out var combo) ? combo : throw new InvalidOperationException(entry.Default));
}
