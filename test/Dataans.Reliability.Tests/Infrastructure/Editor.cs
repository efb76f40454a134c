using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// A simulated user typing into one device: each <see cref="EditAsync"/> makes one seeded random change
/// (create, edit or delete a note, create or rename a space, attach a small file, restore an older
/// version) to whatever spaces and notes the device holds at that moment, synced ones included.
/// </summary>
internal sealed class Editor(DataansStore store, int seed)
{
    private static readonly string[] Words =
        ["plan", "meeting", "draft", "idea", "grocery", "deadline", "review", "東京", "café", "naïve", "🙂", "**bold**", "`code`", "- item", "# Title"];

    private readonly Random _random = new(seed);

    /// <summary>Changes made (each one or more operations in the local log).</summary>
    public int Edits { get; private set; }

    /// <summary>Changes that lost a race with sync (the note or space was deleted by another device meanwhile).</summary>
    public int Raced { get; private set; }

    /// <summary>Attachments created: file id → the bytes every device must end up with.</summary>
    public Dictionary<Guid, byte[]> Attachments { get; } = [];

    public TimeSpan NextPause() => TimeSpan.FromMilliseconds(_random.Next(1_000, 3_000));

    public async Task EditAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EditOnceAsync(cancellationToken);
            Edits++;
        }
        catch (NotFoundException)
        {
            Raced++;
        }
    }

    private async Task EditOnceAsync(CancellationToken cancellationToken)
    {
        var spaces = await store.ListSpacesAsync(cancellationToken);
        var roll = _random.Next(100);
        if (spaces.Count == 0 || (roll < 3 && spaces.Count < 12))
        {
            await store.CreateSpaceAsync($"Space {Text(2)}", cancellationToken);
            return;
        }

        var space = spaces[_random.Next(spaces.Count)];
        var notes = await store.ListNotesAsync(space.Id, cancellationToken: cancellationToken);
        if (notes.Count == 0 && roll >= 11)
        {
            roll = 11; // nothing to edit in this space yet: write a note
        }

        switch (roll)
        {
            case < 8:
                await store.RenameSpaceAsync(space.Id, $"Space {Text(2)}", cancellationToken);
                break;
            case < 11:
                await AttachAsync(space.Id, cancellationToken);
                break;
            case < 45:
                await store.CreateNoteAsync(space.Id, Text(_random.Next(3, 40)), cancellationToken: cancellationToken);
                break;
            case < 85:
                var note = notes[_random.Next(notes.Count)];
                await store.UpdateNoteAsync(note.Id, note.Text + "\n" + Text(_random.Next(1, 12)), cancellationToken: cancellationToken);
                break;
            case < 93:
                await store.DeleteNoteAsync(notes[_random.Next(notes.Count)].Id, cancellationToken);
                break;
            default:
                var target = notes[_random.Next(notes.Count)];
                var history = await store.GetHistoryAsync(target.Id, cancellationToken);
                await store.RestoreVersionAsync(target.Id, history[_random.Next(history.Count)].OperationId, cancellationToken);
                break;
        }
    }

    private async Task AttachAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var bytes = new byte[_random.Next(1, 48 * 1024)];
        _random.NextBytes(bytes);
        var source = new AttachmentSource($"scan-{_random.Next(1000)}.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)));
        var note = await store.CreateNoteAsync(spaceId, "Attachment " + Text(3), [source], cancellationToken);
        Attachments.Add(Assert.Single(note.Files).Id, bytes);
    }

    private string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[_random.Next(Words.Length)]));
}
