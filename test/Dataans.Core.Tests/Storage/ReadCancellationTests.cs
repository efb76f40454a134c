using Dataans.Core.Search;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Tests.Storage;

/// <summary>
/// A cancelled interruptible read (search's) stops while its statement runs (a superseded search over a large store gives its core
/// back at once) or before its next statement, and the connection it used serves the next read as before.
/// </summary>
public sealed class ReadCancellationTests : IDisposable
{
    // Counts without end (the recursion keeps one row at a time): only an interrupt ends it.
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c WHERE running() >= 0";

    private readonly TestDataDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task ARead_CancelledWhileItsStatementRuns_StopsWithOperationCanceled_AndTheStoreStillReads()
    {
        using var store = await _directory.OpenStoreAsync();
        var note = await store.CreateNoteAsync((await store.CreateSpaceAsync("Work")).Id, "Buy milk");
        using var cancellation = new CancellationTokenSource();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var read = Task.Run(() => store.Transactions.ReadInterruptiblyAsync(
            batch =>
            {
                // Called for each row the statement makes, so the first call means the statement is running.
                batch.Connection.CreateFunction("running", () =>
                {
                    running.TrySetResult();
                    return 1;
                });
                return batch.Scalar(Endless);
            },
            cancellation.Token));
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(cancellation.Token, thrown.CancellationToken);
        var hits = await new NoteSearch(store).SearchAsync("milk");
        Assert.Equal(note.Id, Assert.Single(hits).Note.Id);
    }

    [Fact]
    public async Task ARead_CancelledBetweenItsStatements_RunsNoFurtherStatement()
    {
        using var store = await _directory.OpenStoreAsync();
        using var cancellation = new CancellationTokenSource();

        var read = Task.Run(() => store.Transactions.ReadInterruptiblyAsync(
            batch =>
            {
                batch.Scalar("SELECT count(*) FROM notes");
                cancellation.Cancel(); // nothing runs now, so SQLite has nothing to interrupt
                batch.Connection.CreateFunction("running", () => 1);
                return batch.Scalar(Endless);
            },
            cancellation.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task APlainRead_CancelledOnceItRuns_RunsToItsEnd()
    {
        using var store = await _directory.OpenStoreAsync();
        using var cancellation = new CancellationTokenSource();

        var count = await store.Transactions.ReadAsync(
            batch =>
            {
                cancellation.Cancel(); // sync's reads finish what they started
                return (long)batch.Scalar("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*) FROM c")!;
            },
            cancellation.Token);

        Assert.Equal(100_000, count);
    }
}
