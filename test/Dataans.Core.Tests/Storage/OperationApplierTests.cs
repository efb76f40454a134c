using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Storage;

public sealed class OperationApplierTests : IDisposable
{
    private static readonly Guid SpaceId = Guid.NewGuid();
    private static readonly Guid AvatarId = Guid.NewGuid();
    private static readonly Guid NoteId = Guid.NewGuid();
    private readonly List<TestDataDirectory> _directories = [];

    public void Dispose() => _directories.ForEach(directory => directory.Dispose());

    [Fact]
    public async Task Apply_SameOperationTwice_IsIdempotent()
    {
        using var store = await NewStoreAsync();
        var ops = BaseOps(1);

        await store.ApplyAsync(ops);
        var second = await store.ApplyAsync(ops);

        Assert.Equal(0, second.Applied);
        Assert.Equal(4, (await store.SyncLedger.CountOperationsAsync()).Total);
        Assert.Equal("text 1", (await store.GetNoteAsync(NoteId)).Text);
    }

    [Fact]
    public async Task UpdateBeforeCreate_ConvergesToTheUpdate()
    {
        using var store = await NewStoreAsync();
        var update = Record(50, new UpdateNote(Note("edited")));

        await store.ApplyAsync([update]);
        await store.ApplyAsync(BaseOps(1));

        Assert.Equal("edited", (await store.GetNoteAsync(NoteId)).Text);
    }

    [Fact]
    public async Task DeleteBeforeEditItBeats_KeepsNoteDeleted_AndEditInHistory()
    {
        using var store = await NewStoreAsync();
        var delete = Record(60, new DeleteNote(NoteId));
        var olderEdit = Record(50, new UpdateNote(Note("late arrival")));

        await store.ApplyAsync([delete]);
        await store.ApplyAsync(BaseOps(1));
        await store.ApplyAsync([olderEdit]);

        await Assert.ThrowsAsync<NotFoundException>(() => store.GetNoteAsync(NoteId));
        Assert.Contains(await store.GetHistoryAsync(NoteId), version => version.Text == "late arrival");
    }

    [Fact]
    public async Task EditAfterDelete_RestoresTheNote()
    {
        using var store = await NewStoreAsync();

        await store.ApplyAsync([.. BaseOps(1), Record(50, new DeleteNote(NoteId)), Record(60, new UpdateNote(Note("back again")))]);

        Assert.Equal("back again", (await store.GetNoteAsync(NoteId)).Text);
    }

    // The original app's three sync wedges (reference §1.8): each must apply without error.
    [Fact]
    public async Task SetNoteFiles_OnDeletedNote_DoesNotWedge()
    {
        using var store = await NewStoreAsync();

        var changes = await store.ApplyAsync([.. BaseOps(1), Record(50, new DeleteNote(NoteId)), Record(40, new SetNoteFiles(NoteId, [Guid.NewGuid()]))]);

        Assert.Equal(6, changes.Applied);
    }

    [Fact]
    public async Task DeleteSpace_Twice_DoesNotWedge()
    {
        using var store = await NewStoreAsync();

        var changes = await store.ApplyAsync([.. BaseOps(1), Record(50, new DeleteSpace(SpaceId)), Record(40, new DeleteSpace(SpaceId))]);

        Assert.Equal(6, changes.Applied);
        Assert.Empty(await store.ListSpacesAsync());
    }

    [Fact]
    public async Task UpdateSpace_RestoringSpaceWithDeletedAvatar_DoesNotWedge()
    {
        using var store = await NewStoreAsync();
        var restore = Record(70, new UpdateSpace(new SpacePayload(SpaceId, "Restored", AvatarId, T(1), T(70), false)));

        await store.ApplyAsync([.. BaseOps(1), Record(50, new DeleteSpace(SpaceId)), Record(60, new DeleteFile(AvatarId)), restore]);

        Assert.Equal("Restored", Assert.Single(await store.ListSpacesAsync()).Name);
    }

    [Fact]
    public async Task OperationsOnObjectsNeverCreated_AreHarmless()
    {
        using var store = await NewStoreAsync();

        var changes = await store.ApplyAsync([Record(5, new DeleteNote(Guid.NewGuid())), Record(6, new SetNoteFiles(Guid.NewGuid(), [])), Record(7, new DeleteFile(Guid.NewGuid()))]);

        Assert.Equal(3, changes.Applied);
        Assert.Empty(await store.ListSpacesAsync());
    }

    [Fact]
    public async Task EqualTimestamps_AreOrderedById_OnEveryReplica()
    {
        var a = Record(50, new UpdateNote(Note("A")));
        var b = Record(50, new UpdateNote(Note("B")));
        var expected = OperationRecord.CompareOrder(a, b) > 0 ? "A" : "B";
        using var first = await NewStoreAsync();
        using var second = await NewStoreAsync();

        await first.ApplyAsync([.. BaseOps(1), a, b]);
        await second.ApplyAsync([b, a, .. BaseOps(1)]);

        Assert.Equal(expected, (await first.GetNoteAsync(NoteId)).Text);
        Assert.Equal(expected, (await second.GetNoteAsync(NoteId)).Text);
    }

    [Fact]
    public async Task ConcurrentEdits_LoserIsFlaggedAsConflict_OnBothOrders()
    {
        var baseOps = BaseOps(1);
        var createId = baseOps[2].Id;
        var mine = Record(50, new UpdateNote(Note("mine") with { Parents = [createId] }));
        var theirs = Record(51, new UpdateNote(Note("theirs") with { Parents = [createId] }));
        using var first = await NewStoreAsync();
        using var second = await NewStoreAsync();

        await first.ApplyAsync([.. baseOps, mine, theirs]);
        await second.ApplyAsync([theirs, .. baseOps, mine]);

        foreach (var store in new[] { first, second })
        {
            var note = await store.GetNoteAsync(NoteId);
            Assert.Equal("theirs", note.Text);
            Assert.True(note.HasConflict);
            var loser = Assert.Single(await store.GetHistoryAsync(NoteId), version => version.IsConflict);
            Assert.Equal("mine", loser.Text);
        }

        Assert.Equal((await StateReader.ReadAsync(first)).ToJson(), (await StateReader.ReadAsync(second)).ToJson());
    }

    [Fact]
    public async Task LocalEdit_AfterSeeingRemoteEdit_IsNotAConflict_AndRestoreSettlesConflicts()
    {
        using var store = await NewStoreAsync();
        var baseOps = BaseOps(1);
        await store.ApplyAsync([.. baseOps, Record(50, new UpdateNote(Note("a") with { Parents = [baseOps[2].Id] })), Record(51, new UpdateNote(Note("b") with { Parents = [baseOps[2].Id] }))]);
        Assert.True((await store.GetNoteAsync(NoteId)).HasConflict);

        var conflict = Assert.Single(await store.GetHistoryAsync(NoteId), version => version.IsConflict);
        var restored = await store.RestoreVersionAsync(NoteId, conflict.OperationId);

        Assert.Equal("a", restored.Text);
        Assert.False(restored.HasConflict);
        await store.UpdateNoteAsync(NoteId, "c");
        Assert.False((await store.GetNoteAsync(NoteId)).HasConflict);
    }

    [Fact]
    public async Task LocalOperations_AreLaterThanEverythingSeen_EvenWithAClockInThePast()
    {
        var clock = new SteppingClock(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMilliseconds(1));
        var directory = new TestDataDirectory();
        _directories.Add(directory);
        using var store = await directory.OpenStoreAsync(clock);
        var remote = BaseOps(1).Select(op => op with { CreatedAt = op.CreatedAt.AddNanoseconds(Timestamp.FromDateTimeOffset(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).UnixNanoseconds) }).ToList();
        await store.ApplyAsync(remote);

        var edited = await store.UpdateNoteAsync(NoteId, "written on a clock ten years slow");

        Assert.Equal("written on a clock ten years slow", edited.Text);
        var log = await store.SyncLedger.ReadLogAsync();
        Assert.Equal("UpdateNote", log[^1].Record.Operation.Kind.ToString());
        Assert.True(log[^1].Record.CreatedAt > remote.Max(op => op.CreatedAt));
    }

    private async Task<DataansStore> NewStoreAsync()
    {
        var directory = new TestDataDirectory();
        _directories.Add(directory);
        return await directory.OpenStoreAsync();
    }

    private static List<OperationRecord> BaseOps(long start) =>
    [
        Record(start, new CreateFile(new FilePayload(AvatarId, "a.png", $"{AvatarId}.png", T(start), T(start), false))),
        Record(start + 1, new CreateSpace(new SpacePayload(SpaceId, "Space", AvatarId, T(start), T(start), false))),
        Record(start + 2, new CreateNote(Note("text 1"))),
        Record(start + 3, new SetNoteFiles(NoteId, [])),
    ];

    private static NotePayload Note(string text) => new(NoteId, text, T(3), T(3), SpaceId, false);

    private static Timestamp T(long seconds) => new(1_750_000_000_000_000_000 + (seconds * 1_000_000_000));

    private static OperationRecord Record(long seconds, Operation operation) => new(Guid.NewGuid(), T(seconds), operation);
}
