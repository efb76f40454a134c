using Dataans.Contracts;
using Dataans.Core.Model;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>Visible spaces, oldest first.</summary>
    public Task<IReadOnlyList<Space>> ListSpacesAsync(CancellationToken cancellationToken = default) =>
        Transactions.ReadAsync<IReadOnlyList<Space>>(NoteReader.ListSpaces, cancellationToken);

    /// <exception cref="NotFoundException">No visible space has this id.</exception>
    public Task<Space> GetSpaceAsync(Guid id, CancellationToken cancellationToken = default) =>
        Transactions.ReadAsync(batch => NoteReader.FindSpace(batch, id) ?? throw new NotFoundException($"There is no space with id {id}."), cancellationToken);

    /// <summary>
    /// A page of a space's timeline, in chronological order: the <paramref name="limit"/> newest notes
    /// written before <paramref name="before"/> (or the newest overall).
    /// </summary>
    public Task<IReadOnlyList<Note>> ListNotesAsync(Guid spaceId, int limit = 50, NoteCursor? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Transactions.ReadAsync<IReadOnlyList<Note>>(
            batch =>
            {
                var notes = Reader.ListNewestNotes(batch, spaceId, limit, before);
                notes.Reverse();
                return notes;
            },
            cancellationToken);
    }

    /// <summary>How many visible notes a space has.</summary>
    public Task<int> CountNotesAsync(Guid spaceId, CancellationToken cancellationToken = default) =>
        Transactions.ReadAsync(batch => NoteReader.CountNotes(batch, spaceId), cancellationToken);

    /// <exception cref="NotFoundException">No visible note has this id.</exception>
    public Task<Note> GetNoteAsync(Guid id, CancellationToken cancellationToken = default) =>
        Transactions.ReadAsync(batch => Reader.FindNote(batch, id) ?? throw new NotFoundException($"There is no note with id {id}."), cancellationToken);
}

/// <summary>A position in a timeline: the note to page before.</summary>
public sealed record NoteCursor(Timestamp CreatedAt, Guid Id);
