using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Search;

/// <summary>
/// The search box's total: every visible match counted once, whichever way it is counted (the index's count less
/// the hidden notes, or every match joined to its note), with notes hidden in each way the store has.
/// </summary>
public sealed class SearchCountTests : IDisposable
{
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("orchid")]
    [InlineData("orchid tulip")]
    [InlineData("rchi")]
    [InlineData("orchid ti")] // a short term: counted with the join
    public async Task TheTotal_IsTheNumberOfVisibleMatches_WithNotesHiddenEveryWay(string query)
    {
        using var store = await _directory.OpenStoreAsync();
        var shown = await store.CreateSpaceAsync("Shown");
        var gone = await store.CreateSpaceAsync("Gone");
        var notes = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            notes.Add((await store.CreateNoteAsync(i % 5 == 0 ? gone.Id : shown.Id, i % 2 == 0 ? "orchid and tulip, time" : "an orchid")).Id);
        }

        await store.DeleteNoteAsync(notes[1]);
        await store.DeleteNoteAsync(notes[2]);
        await store.DeleteSpaceAsync(gone.Id);
        var unknownSpace = Guid.NewGuid(); // a note whose space has not arrived yet
        var now = new Timestamp(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        await store.ApplyAsync(
        [
            new OperationRecord(Guid.NewGuid(), now, new CreateNote(new NotePayload(Guid.NewGuid(), "orchid from afar, tulip", now, now, unknownSpace, false))),
            new OperationRecord(Guid.NewGuid(), now, new DeleteNote(Guid.NewGuid())), // a deletion before its note: no content
        ]);
        var search = new NoteSearch(store);
        await search.SearchAsync(query, limit: 10); // the ranking caches the term's count when it can

        var shownCount = (await search.SearchAsync(query, limit: 1_000)).Count;
        Assert.InRange(shownCount, 1, 25);
        Assert.Equal(shownCount, await search.CountAsync(query));
        Assert.Equal(shownCount, await CountAsync(store, query, maxHiddenSubtracted: 0)); // every match joined
        Assert.Equal(shownCount, await CountAsync(store, query, maxHiddenSubtracted: SearchIndex.MaxHiddenSubtracted));
        Assert.Equal(
            (await search.SearchAsync(query, shown.Id, limit: 1_000)).Count,
            await search.CountAsync(query, shown.Id));
    }

    private static Task<int> CountAsync(DataansStore store, string query, int maxHiddenSubtracted)
    {
        var terms = query.Split(' ');
        return store.Transactions.ReadAsync(
            batch => SearchIndex.Count(batch, store.Database.SearchStatistics, [.. terms.Where(term => term.Length >= 3)], [.. terms.Where(term => term.Length < 3)], null, maxHiddenSubtracted),
            CancellationToken.None);
    }
}
