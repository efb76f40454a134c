using System.Collections.Concurrent;

namespace Dataans.Server.Tests;

/// <summary>Two server instances on one PostgreSQL: a cursor never skips an op committed late by a concurrent push.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private ServerInstance _first = null!;
    private ServerInstance _second = null!;

    public async Task InitializeAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("concurrency");
        _first = await ServerInstance.StartAsync("--operations-store", "postgres", "--postgres", connectionString);
        _second = await ServerInstance.StartAsync("--operations-store", "postgres", "--postgres", connectionString);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task EightPushersOnTwoInstances_ReaderSeesEveryOpOnceInSeqOrder()
    {
        const int pushers = 8, perPusher = 1250, batch = 25;
        var token = await _first.AddUserAsync("alice");
        HttpClient[] clients = [_first.Client(token), _second.Client(token)];
        var pushed = new ConcurrentDictionary<Guid, bool>();

        var writers = Enumerable.Range(0, pushers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perPusher / batch; i++)
            {
                var ops = TestOps.Many(batch);
                foreach (var op in ops)
                {
                    pushed[op.Id] = true;
                }

                var response = await TestOps.PushAsync(clients[(p + i) % 2], ops);
                Assert.Equal(batch, response.Accepted);
            }
        })).ToArray();

        var seen = new List<Guid>();
        var unique = new HashSet<Guid>();
        long cursor = 0;
        var reads = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (seen.Count < pushers * perPusher)
        {
            Assert.True(DateTime.UtcNow < deadline, $"reader saw only {seen.Count} ops");
            var page = await TestOps.PullAsync(clients[reads++ % 2], cursor, limit: 300);
            foreach (var op in page.Ops)
            {
                Assert.Equal(cursor + 1, op.Seq);
                Assert.True(unique.Add(op.Id), $"op {op.Id} seen twice");
                seen.Add(op.Id);
                cursor = op.Seq;
            }

            if (page.Ops.Count == 0)
            {
                if (writers.Any(w => w.IsFaulted))
                {
                    await Task.WhenAll(writers);
                }

                await Task.Delay(5);
            }
        }

        await Task.WhenAll(writers);
        var final = await TestOps.PullAsync(clients[0], cursor);
        Assert.Empty(final.Ops);
        Assert.Equal(pushers * perPusher, final.Head);
        Assert.True(unique.SetEquals(pushed.Keys));
    }

    [Fact]
    public async Task SameBatchPushedConcurrently_IsStoredOnce()
    {
        var token = await _first.AddUserAsync("bob");
        HttpClient[] clients = [_first.Client(token), _second.Client(token)];
        var ops = TestOps.Many(50);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => TestOps.PushAsync(clients[i % 2], ops)));
        Assert.Equal(50, results.Sum(r => r.Accepted));
        Assert.Equal(50, (await TestOps.PullAsync(clients[0], 0)).Head);
    }
}
