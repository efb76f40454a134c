using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Tests.Storage;

/// <summary>A note's history says which versions this device wrote and which came from another device (18.8).</summary>
public sealed class NoteVersionOriginTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ConcurrentEdit_FromAnotherDevice_IsMarkedAsNotWrittenHere()
    {
        using var store = await _directory.OpenStoreAsync();
        var space = await store.CreateSpaceAsync("Shared");
        var note = await store.CreateNoteAsync(space.Id, "first");
        var created = Assert.Single(await store.GetHistoryAsync(note.Id));
        await store.UpdateNoteAsync(note.Id, "mine");

        // Another device edited the same first version meanwhile (its edit is later, so it wins).
        var later = new Timestamp(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000);
        var theirs = new NotePayload(note.Id, "theirs", note.CreatedAt, later, space.Id, false, [created.OperationId]);
        await store.ApplyAsync([new OperationRecord(Guid.NewGuid(), later, new UpdateNote(theirs))]);

        var history = await store.GetHistoryAsync(note.Id);
        Assert.Equal(
            [("first", true, false), ("mine", true, true), ("theirs", false, false)],
            history.Select(version => (version.Text, version.WrittenHere, version.IsConflict)));
    }
}
