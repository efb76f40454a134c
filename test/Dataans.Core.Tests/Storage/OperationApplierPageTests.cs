using System.Globalization;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Storage;

/// <summary>
/// A page of operations is applied in one pass (its notes read at once, its log rows and new notes written in
/// multi-row statements, conflict recomputation skipped when provably unneeded): each test applies the same
/// operations as one page in one store and one by one, in another order, in a second store, and compares
/// the stored rows, the conflict flags and the search index.
/// </summary>
public sealed class OperationApplierPageTests : IDisposable
{
    private static readonly Guid SpaceId = Guid.NewGuid();
    private static readonly Guid AvatarId = Guid.NewGuid();
    private readonly List<TestDataDirectory> _directories = [];

    public void Dispose() => _directories.ForEach(directory => directory.Dispose());

    [Fact]
    public async Task Page_CreatingEditingTwiceAndDeletingANote_EndsAsOneByOne()
    {
        var (gone, kept) = (Guid.NewGuid(), Guid.NewGuid());
        var goneCreate = Record(10, new CreateNote(Note(gone, "first words of the doomed note")));
        var goneEdit = Record(11, new UpdateNote(Note(gone, "doomed note edited", goneCreate.Id)));
        var goneEdit2 = Record(12, new UpdateNote(Note(gone, "doomed note edited twice", goneEdit.Id)));
        var keptCreate = Record(13, new CreateNote(Note(kept, "original wording quokka")));
        var keptEdit = Record(14, new UpdateNote(Note(kept, "second wording", keptCreate.Id)));
        var keptEdit2 = Record(15, new UpdateNote(Note(kept, "final wording wombat", keptEdit.Id)));
        List<OperationRecord> page = [.. Base(), goneCreate, goneEdit, keptCreate, goneEdit2, keptEdit, Record(16, new DeleteNote(gone)), keptEdit2];

        var (inOnePage, oneByOne) = await ApplyBothWaysAsync(page);

        foreach (var store in new[] { inOnePage, oneByOne })
        {
            await Assert.ThrowsAsync<NotFoundException>(() => store.GetNoteAsync(gone));
            var note = await store.GetNoteAsync(kept);
            Assert.Equal("final wording wombat", note.Text);
            Assert.False(note.HasConflict);
            Assert.Equal(3, (await store.GetHistoryAsync(kept)).Count);
            Assert.DoesNotContain(await store.GetHistoryAsync(kept), version => version.IsConflict);
            Assert.Equal([kept], await SearchAsync(store, "wombat"));
            Assert.Empty(await SearchAsync(store, "quokka"));
            Assert.Empty(await SearchAsync(store, "doomed"));
            Assert.Equal(page.Count, (await store.SyncLedger.CountOperationsAsync()).Total);
        }
    }

    [Fact]
    public async Task Page_WithAConcurrentVersion_FlagsTheConflict_AndAMergeInALaterPageSettlesIt()
    {
        var noteId = Guid.NewGuid();
        var create = Record(10, new CreateNote(Note(noteId, "shared start")));
        var mine = Record(20, new UpdateNote(Note(noteId, "mine", create.Id)));
        var theirs = Record(21, new UpdateNote(Note(noteId, "theirs", create.Id)));
        var merge = Record(30, new UpdateNote(Note(noteId, "merged", mine.Id, theirs.Id)));
        var (pages, single) = (await NewStoreAsync(), await NewStoreAsync());
        List<OperationRecord> first = [.. Base(), create];

        await pages.ApplyAsync(first);
        await pages.ApplyAsync([mine, theirs]);
        await ApplyOneByOneAsync(single, [theirs, .. first, mine]);

        foreach (var store in new[] { pages, single })
        {
            var note = await store.GetNoteAsync(noteId);
            Assert.Equal("theirs", note.Text);
            Assert.True(note.HasConflict);
            Assert.Equal("mine", Assert.Single(await store.GetHistoryAsync(noteId), version => version.IsConflict).Text);
        }

        await AssertSameRowsAsync(pages, single);
        await pages.ApplyAsync([merge]);
        await single.ApplyAsync([merge]);
        Assert.False((await pages.GetNoteAsync(noteId)).HasConflict);
        await AssertSameRowsAsync(pages, single);
    }

    [Fact]
    public async Task Page_WhereAnOlderEditOrASecondCreateArrivesAfterTheNewest_FlagsTheConflict()
    {
        var (late, twice) = (Guid.NewGuid(), Guid.NewGuid());
        var lateCreate = Record(10, new CreateNote(Note(late, "start")));
        var newest = Record(30, new UpdateNote(Note(late, "newest", lateCreate.Id)));
        var older = Record(20, new UpdateNote(Note(late, "older, arriving last", lateCreate.Id)));
        var twiceCreate = Record(11, new CreateNote(Note(twice, "created here")));
        var twiceCreateAgain = Record(12, new CreateNote(Note(twice, "created there too")));

        var (inOnePage, oneByOne) = await ApplyBothWaysAsync([.. Base(), lateCreate, twiceCreate, newest, older, twiceCreateAgain]);

        foreach (var store in new[] { inOnePage, oneByOne })
        {
            Assert.Equal("newest", (await store.GetNoteAsync(late)).Text);
            Assert.True((await store.GetNoteAsync(late)).HasConflict);
            Assert.Equal("created there too", (await store.GetNoteAsync(twice)).Text);
            Assert.True((await store.GetNoteAsync(twice)).HasConflict);
        }
    }

    [Fact]
    public async Task Page_WithDuplicatesAndKnownIds_AppliesEachOperationOnce()
    {
        using var store = await NewStoreAsync();
        var noteId = Guid.NewGuid();
        var known = Base();
        await store.ApplyAsync(known);
        var create = Record(10, new CreateNote(Note(noteId, "once")));

        var changes = await store.ApplyAsync([known[0], create, known[1], create]);

        Assert.Equal(1, changes.Applied);
        Assert.Equal(known.Count + 1, (await store.SyncLedger.CountOperationsAsync()).Total);
        Assert.Equal("once", (await store.GetNoteAsync(noteId)).Text);
    }

    [Fact]
    public async Task Page_OfManyNewNotes_WithFilesSetAndAnEditInThePage_StoresAndIndexesEveryNote()
    {
        var ids = Enumerable.Range(0, 120).Select(_ => Guid.NewGuid()).ToArray();
        var creates = ids.Select((id, i) => Record(10 + i, new CreateNote(Note(id, Word(i))))).ToList();
        List<OperationRecord> page =
        [
            .. Base(),
            .. creates[..60],
            Record(200, new SetNoteFiles(ids[5], [AvatarId])),
            Record(201, new UpdateNote(Note(ids[7], "rewritten " + Word(1000), creates[7].Id))),
            .. creates[60..],
            Record(202, new DeleteNote(ids[100])),
        ];

        var (inOnePage, oneByOne) = await ApplyBothWaysAsync(page);

        foreach (var store in new[] { inOnePage, oneByOne })
        {
            Assert.Equal(119, (await store.ListNotesAsync(SpaceId, 200)).Count);
            Assert.Equal(AvatarId, Assert.Single((await store.GetNoteAsync(ids[5])).Files).Id);
            Assert.Equal([ids[7]], await SearchAsync(store, Word(1000)));
            Assert.Empty(await SearchAsync(store, Word(7)));
            Assert.Equal([ids[119]], await SearchAsync(store, Word(119)));
            Assert.Empty(await SearchAsync(store, Word(100)));
        }
    }

    /// <summary>Applies <paramref name="operations"/> as one page in one store, and one by one in reverse order in another; asserts both end the same.</summary>
    private async Task<(DataansStore InOnePage, DataansStore OneByOne)> ApplyBothWaysAsync(List<OperationRecord> operations)
    {
        var (inOnePage, oneByOne) = (await NewStoreAsync(), await NewStoreAsync());
        Assert.Equal(operations.Count, (await inOnePage.ApplyAsync(operations)).Applied);
        await ApplyOneByOneAsync(oneByOne, Enumerable.Reverse(operations));
        await AssertSameRowsAsync(inOnePage, oneByOne);
        return (inOnePage, oneByOne);
    }

    private static async Task ApplyOneByOneAsync(DataansStore store, IEnumerable<OperationRecord> operations)
    {
        foreach (var operation in operations)
        {
            await store.ApplyAsync([operation]);
        }
    }

    /// <summary>The same note rows (registers, text, files, conflict flag), the same visible state, and a search index that matches each store's notes.</summary>
    private static async Task AssertSameRowsAsync(DataansStore first, DataansStore second)
    {
        Assert.Equal(await NoteRowsAsync(first), await NoteRowsAsync(second));
        Assert.Equal((await StateReader.ReadAsync(first)).ToJson(), (await StateReader.ReadAsync(second)).ToJson());
        foreach (var store in new[] { first, second })
        {
            // FTS5 compares the index with the notes it indexes, and fails if they differ.
            await store.Transactions.WriteAsync((writer, _) => writer.Batch.Execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)"), CancellationToken.None);
        }
    }

    private static Task<List<string>> NoteRowsAsync(DataansStore store) =>
        store.Transactions.ReadAsync(
            batch =>
            {
                var rows = new List<string>();
                using var reader = batch.Reader(
                    """
                    SELECT hex(id), hex(space_id), text, created_at, updated_at, content_ts, hex(content_op), state_ts, hex(state_op),
                        is_deleted, files_ts, hex(files_op), has_conflict
                    FROM notes ORDER BY id
                    """);
                while (reader.Read())
                {
                    rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
                }

                return rows;
            },
            CancellationToken.None);

    private static async Task<List<Guid>> SearchAsync(DataansStore store, string query) =>
        [.. (await new NoteSearch(store).SearchAsync(query)).Select(hit => hit.Note.Id)];

    private async Task<DataansStore> NewStoreAsync()
    {
        var directory = new TestDataDirectory();
        _directories.Add(directory);
        return await directory.OpenStoreAsync();
    }

    private static List<OperationRecord> Base() =>
    [
        Record(1, new CreateFile(new FilePayload(AvatarId, "a.png", $"{AvatarId}.png", T(1), T(1), false))),
        Record(2, new CreateSpace(new SpacePayload(SpaceId, "Space", AvatarId, T(2), T(2), false))),
    ];

    /// <summary>A word no other note holds (its trigrams are its own).</summary>
    private static string Word(int i) => "zq" + i.ToString("D4", CultureInfo.InvariantCulture) + "xj";

    private static NotePayload Note(Guid id, string text, params Guid[] parents) =>
        new(id, text, T(3), T(3), SpaceId, false, parents.Length == 0 ? null : parents);

    private static Timestamp T(long seconds) => new(1_750_000_000_000_000_000 + (seconds * 1_000_000_000));

    private static OperationRecord Record(long seconds, Operation operation) => new(Guid.NewGuid(), T(seconds), operation);
}
