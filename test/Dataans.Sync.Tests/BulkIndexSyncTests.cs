using System.IO.Pipelines;
using Dataans.Core.Search;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>A new device catching up builds its search index once at the end; search is complete when the run returns.</summary>
public sealed class BulkIndexSyncTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private string _token = null!;
    private Device _first = null!;
    private Device _second = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _token = await _server.AddUserAsync("alice");
        _first = await Device.CreateAsync();
        _second = await Device.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task BootstrapOfManyPages_IsSearchableTheMomentTheSyncReturns_AndLaterDeltasAreIndexed()
    {
        var notes = await WriteHistoryAsync();
        using var bulk = new SyncEngine(_second.Store, _second.Profiles, profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken)) { BulkIndexFromOps = 500 };

        var result = await bulk.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.Equal((await _first.Store.SyncLedger.CountOperationsAsync()).Total, result.Pulled);
        Assert.True(result.Pulled > 1_000);
        var search = new NoteSearch(_second.Store);
        Assert.Equal(1_000, (await search.SearchAsync("harmonica", limit: 1_000)).Count);
        Assert.Single(await search.SearchAsync("lesson 1199"));
        Assert.False(await _second.Store.SyncLedger.RebuildSearchIndexIfDeferredAsync()); // nothing left deferred

        await _first.Store.UpdateNoteAsync(notes[5], "a xylophone now");
        await _first.SyncAsync();
        Assert.True((await bulk.SyncAsync()).Success);
        Assert.Single(await search.SearchAsync("xylophone"));
        Assert.Equal(await _first.ExportAsync(), await _second.ExportAsync());
    }

    /// <summary>
    /// v1 sends the whole history in one answer, read and decrypted a page ahead of the apply: when the connection
    /// breaks in the third page, the two pages before it are applied (whole, and searchable), the run says the
    /// connection broke, and the next run pulls exactly the rest.
    /// </summary>
    [Fact]
    public async Task AV1AnswerCutInItsThirdPage_KeepsTheTwoPagesBefore_SearchableAndTheNextRunPullsTheRest()
    {
        await WriteHistoryAsync();
        var total = (await _first.Store.SyncLedger.CountOperationsAsync()).Total;
        var profile = (await _second.Profiles.LoadAsync())!;
        using var cutter = new AnswerCutter(new SocketsHttpHandler());
        using (var measuring = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken, cutter))
        {
            await foreach (var _ in measuring.GetV1OperationsAsync(0))
            {
            }
        }

        cutter.CutAfterBytes = cutter.AnswerBytes * 1_100 / total; // about operation 1,100 of 2,402: the third page
        using var bulk = new SyncEngine(_second.Store, _second.Profiles, p => new SyncHttpClient(p.ServerUrl, p.AuthMode, p.AuthToken, cutter)) { BulkIndexFromOps = 500 };

        var cut = await bulk.SyncAsync(new SyncOptions(SyncProtocol.V1));

        Assert.False(cut.Success);
        Assert.Contains("the connection broke", cut.Message, StringComparison.Ordinal);
        Assert.Equal(2 * SyncEngine.PullPageSize, (await _second.Store.SyncLedger.CountOperationsAsync()).Total);
        Assert.False(await _second.Store.SyncLedger.RebuildSearchIndexIfDeferredAsync()); // the failed run left search complete
        var search = new NoteSearch(_second.Store);
        var applied = await CrashedCli.ScalarAsync(_second.Store, "SELECT count(*) FROM notes");
        Assert.True(applied > 0, "the two pages applied no note");
        Assert.Equal(applied, (await search.SearchAsync("harmonica", limit: 2_000)).Count);

        cutter.CutAfterBytes = long.MaxValue;
        var rest = await bulk.SyncAsync(new SyncOptions(SyncProtocol.V1));

        Assert.True(rest.Success, rest.Message);
        Assert.Equal(total - (2 * SyncEngine.PullPageSize), rest.Pulled);
        Assert.Equal(1_200, (await search.SearchAsync("harmonica", limit: 2_000)).Count);
        Assert.Equal(await _first.ExportAsync(), await _second.ExportAsync());
    }

    /// <summary>1,200 notes written on the first device and pushed; both devices share the account and key.</summary>
    private async Task<List<Guid>> WriteHistoryAsync()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        await _first.UseKeyAsync(_server.BaseAddress, _token, key);
        await _second.UseKeyAsync(_server.BaseAddress, _token, key);
        var space = await _first.Store.CreateSpaceAsync("Work");
        var notes = new List<Guid>();
        for (var i = 0; i < 1_200; i++)
        {
            notes.Add((await _first.Store.CreateNoteAsync(space.Id, $"harmonica lesson {i}")).Id);
        }

        await _first.SyncAsync();
        return notes;
    }

    /// <summary>Counts the bytes of a v1 operation list and breaks the connection after <see cref="CutAfterBytes"/> of it.</summary>
    private sealed class AnswerCutter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public long AnswerBytes { get; private set; }

        public long CutAfterBytes { get; set; } = long.MaxValue;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Get || !request.RequestUri!.AbsolutePath.EndsWith("/data/operation", StringComparison.Ordinal))
            {
                return response;
            }

            var pipe = new Pipe();
            _ = ForwardAsync(await response.Content.ReadAsStreamAsync(cancellationToken), pipe.Writer, CutAfterBytes);
            var content = new StreamContent(pipe.Reader.AsStream());
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
            return response;
        }

        /// <summary>Passes the body on up to <paramref name="cutAfter"/> bytes; there the reader's next read fails as a broken connection would.</summary>
        private async Task ForwardAsync(Stream body, PipeWriter writer, long cutAfter)
        {
            await using (body)
            {
                try
                {
                    for (long forwarded = 0; forwarded < cutAfter;)
                    {
                        var memory = writer.GetMemory();
                        var read = await body.ReadAsync(memory[..(int)Math.Min(memory.Length, cutAfter - forwarded)]);
                        if (read == 0)
                        {
                            AnswerBytes = forwarded;
                            await writer.CompleteAsync();
                            return;
                        }

                        writer.Advance(read);
                        forwarded += read;
                        if ((await writer.FlushAsync()).IsCompleted)
                        {
                            return; // the reader stopped
                        }
                    }

                    await writer.CompleteAsync(new IOException("The test broke the connection."));
                }
                catch (Exception exception)
                {
                    await writer.CompleteAsync(exception);
                }
            }
        }
    }
}
