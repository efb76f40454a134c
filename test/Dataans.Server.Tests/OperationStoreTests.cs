using Dataans.Contracts;
using Dataans.Server.Configuration;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Postgres;
using Dataans.Server.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Tests;

/// <summary>The same operation-store suite against every backend.</summary>
public abstract class OperationStoreTests : IAsyncLifetime
{
    private protected IOperationStore Store { get; private set; } = null!;

    private protected abstract Task<IOperationStore> CreateAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateAsync();
        await Store.InitializeAsync();
        await Store.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Push_AssignsGapFreeSeqAndKeepsNanoseconds()
    {
        var ops = new[]
        {
            TestOps.New(new Timestamp(1_753_979_157_123_456_789)),
            TestOps.New(new Timestamp(-1)),
            TestOps.New(new Timestamp(long.MaxValue)),
        };
        var outcome = await Store.PushAsync("alice", ops);
        Assert.Equal((3, 0, 3L), (outcome.Accepted, outcome.Duplicates, outcome.Head));
        var page = await Store.ReadAfterAsync("alice", 0, 10, long.MaxValue);
        Assert.Equal([1L, 2L, 3L], page.Operations.Select(o => o.Seq));
        Assert.Equal(ops.Select(o => o.CreatedAt), page.Operations.Select(o => o.CreatedAt));
        Assert.Equal(ops.Select(o => Convert.ToHexString(o.Checksum)), page.Operations.Select(o => Convert.ToHexString(o.Checksum)));
    }

    [Fact]
    public async Task Push_DuplicatesAreNoOpsAndConflictsStoreNothing()
    {
        var a = TestOps.New();
        await Store.PushAsync("alice", [a]);
        var again = await Store.PushAsync("alice", [a, a]);
        Assert.Equal((0, 2, 1L), (again.Accepted, again.Duplicates, again.Head));

        var b = TestOps.New();
        await Assert.ThrowsAsync<OperationConflictException>(() => Store.PushAsync("alice", [b, a with { Checksum = new byte[32] }]));
        await Assert.ThrowsAsync<OperationConflictException>(() => Store.PushAsync("alice", [b, b with { Checksum = new byte[32] }]));
        var page = await Store.ReadAfterAsync("alice", 0, 10, long.MaxValue);
        Assert.Equal([a.Id], page.Operations.Select(o => o.Id));
    }

    [Fact]
    public async Task Push_MixingStoredAndRepeatedOps_AppendsOnlyTheNewOnesInPushOrder()
    {
        var (a, b, c, d) = (TestOps.New(), TestOps.New(), TestOps.New(), TestOps.New());
        await Store.PushAsync("alice", [a]);
        var outcome = await Store.PushAsync("alice", [b, a, c, b, d]);
        Assert.Equal((3, 2, 4L), (outcome.Accepted, outcome.Duplicates, outcome.Head));
        var page = await Store.ReadAfterAsync("alice", 0, 10, long.MaxValue);
        Assert.Equal([(1L, a.Id), (2L, b.Id), (3L, c.Id), (4L, d.Id)], page.Operations.Select(o => (o.Seq, o.Id)));
        Assert.Equal(Convert.ToHexString(d.Data), Convert.ToHexString(page.Operations[3].Data));
        Assert.Equal(new UserState(outcome.Epoch, 4), await Store.FindUserAsync("alice"));
    }

    [Fact]
    public async Task Push_ConflictNamesTheFirstConflictingOpInPushOrderAndStoresNothing()
    {
        var (a, b) = (TestOps.New(), TestOps.New());
        await Store.PushAsync("alice", [a, b]);
        var fresh = TestOps.New();
        var conflict = await Assert.ThrowsAsync<OperationConflictException>(() =>
            Store.PushAsync("alice", [fresh, b with { Checksum = new byte[32] }, a with { Checksum = new byte[32] }]));
        Assert.Equal(b.Id, conflict.OperationId);
        Assert.Equal(2, (await Store.GetUserAsync("alice")).Head);
        Assert.Equal([a.Id, b.Id], (await Store.ReadAfterAsync("alice", 0, 10, long.MaxValue)).Operations.Select(o => o.Id));
    }

    [Fact]
    public async Task Push_FirstPushOfANewUser_CreatesTheUserWithAnEmptyOrFullBatch()
    {
        Assert.Null(await Store.FindUserAsync("carol"));
        var empty = await Store.PushAsync("carol", []);
        Assert.Equal((0, 0, 0L), (empty.Accepted, empty.Duplicates, empty.Head));
        Assert.Equal(new UserState(empty.Epoch, 0), await Store.FindUserAsync("carol"));
        var first = await Store.PushAsync("dave", TestOps.Many(2));
        Assert.Equal(new UserState(first.Epoch, 2), await Store.FindUserAsync("dave"));
    }

    [Fact]
    public async Task Push_TwoDevicesOfOneUserAtOnce_KeepEachDevicesOrderWithGapFreeSeq()
    {
        const int rounds = 40, batch = 5;
        var devices = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, rounds).Select(_ => TestOps.Many(batch)).ToArray()).ToArray();
        var stored = TestOps.New();
        await Store.PushAsync("alice", [stored]);
        await Task.WhenAll(devices.Select(pushes => Task.Run(async () =>
        {
            foreach (var push in pushes)
            {
                // Each push also repeats the op stored before, which must count as a duplicate every time.
                var outcome = await Store.PushAsync("alice", [.. push, stored]);
                Assert.Equal((batch, 1), (outcome.Accepted, outcome.Duplicates));
            }
        })));

        var page = await Store.ReadAfterAsync("alice", 0, 1000, long.MaxValue);
        Assert.Equal(Enumerable.Range(1, 1 + (2 * rounds * batch)).Select(i => (long)i), page.Operations.Select(o => o.Seq));
        var seqOf = page.Operations.ToDictionary(o => o.Id, o => o.Seq);
        foreach (var pushes in devices)
        {
            var order = pushes.SelectMany(push => push).Select(op => seqOf[op.Id]).ToArray();
            Assert.Equal(order.Order(), order);
        }
    }

    [Fact]
    public async Task Ordered_TiesOnCreatedAtBreakByUuidBytes()
    {
        var at = new Timestamp(1_700_000_000_000_000_000);
        var ops = Enumerable.Range(0, 30).Select(i => TestOps.New(i % 3 == 0 ? at : at.AddNanoseconds(i))).ToArray();
        await Store.PushAsync("alice", ops);
        var page = await Store.ReadOrderedAsync("alice", 0, 100, long.MaxValue);
        Assert.Equal(Expected.Order(ops).Select(o => o.Id), page.Operations.Select(o => o.Id));
        var tail = await Store.ReadOrderedAsync("alice", 25, 100, long.MaxValue);
        Assert.Equal(Expected.Order(ops).Skip(25).Select(o => o.Id), tail.Operations.Select(o => o.Id));
        var streamed = new List<Guid>();
        await foreach (var op in Store.StreamOrderedAsync("alice", 10))
        {
            streamed.Add(op.Id);
        }

        Assert.Equal(Expected.Order(ops).Skip(10).Select(o => o.Id), streamed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(1000)]
    public async Task Blocks_MatchTheSeedsDefinition(int itemsPerBlock)
    {
        var ops = TestOps.Many(45);
        await Store.PushAsync("alice", ops);
        var blocks = await Store.ComputeBlocksAsync("alice", itemsPerBlock);
        Assert.Equal(45, blocks.OperationCount);
        Assert.Equal(Expected.Blocks(ops, itemsPerBlock).Select(Convert.ToHexString), blocks.Blocks.Select(Convert.ToHexString));
    }

    [Fact]
    public async Task Pages_StopAtTheByteBudgetButReturnOneOp()
    {
        await Store.PushAsync("alice", [.. Enumerable.Range(0, 5).Select(_ => TestOps.New(size: 1000))]);
        var page = await Store.ReadAfterAsync("alice", 0, 100, maxBytes: 1);
        Assert.Single(page.Operations);
        Assert.True(page.HasMore);
        var rest = await Store.ReadAfterAsync("alice", 1, 100, maxBytes: 2500);
        Assert.Equal([2L, 3L, 4L], rest.Operations.Select(o => o.Seq));
    }

    [Fact]
    public async Task Users_AreIsolated()
    {
        var op = TestOps.New();
        await Store.PushAsync("alice", [op]);
        var bobs = await Store.PushAsync("bob", [op with { Checksum = new byte[32] }]);
        Assert.Equal(1, bobs.Accepted);
        Assert.Equal(op.Checksum, (await Store.ReadAfterAsync("alice", 0, 10, long.MaxValue)).Operations[0].Checksum);
        Assert.NotEqual((await Store.GetUserAsync("alice")).Epoch, (await Store.GetUserAsync("bob")).Epoch);
        await Store.SetVerifierAsync("alice", "v-alice", null, replace: false);
        Assert.Null(await Store.GetVerifierAsync("bob"));
    }

    [Fact]
    public async Task Verifier_WritesAndEpochChanges()
    {
        var v1Id = Guid.NewGuid();
        Assert.Equal(VerifierWrite.Created, await Store.SetVerifierAsync("alice", "one", v1Id, replace: false));
        Assert.Equal(VerifierWrite.Unchanged, await Store.SetVerifierAsync("alice", "one", null, replace: false));
        Assert.Equal(VerifierWrite.Conflict, await Store.SetVerifierAsync("alice", "two", null, replace: false));
        Assert.Equal(new UserVerifier(v1Id, "one"), await Store.GetVerifierAsync("alice"));
        Assert.Equal(VerifierWrite.Replaced, await Store.SetVerifierAsync("alice", "two", null, replace: true));

        await Store.PushAsync("alice", TestOps.Many(3));
        var epoch = (await Store.GetUserAsync("alice")).Epoch;
        var rotated = await Store.RotateEpochAsync("alice");
        Assert.NotEqual(epoch, rotated);
        Assert.Equal(new UserState(rotated, 3), await Store.GetUserAsync("alice"));
        var reset = await Store.ResetAsync("alice");
        Assert.Equal(new UserState(reset, 0), await Store.GetUserAsync("alice"));
        Assert.Null(await Store.GetVerifierAsync("alice"));
        Assert.Empty((await Store.ReadOrderedAsync("alice", 0, 10, long.MaxValue)).Operations);
    }

    [Fact]
    public async Task RotateIfStill_RotatesOnce_AndOperationIdsAreFoundBySeq()
    {
        var ops = TestOps.Many(3);
        await Store.PushAsync("alice", ops);
        var epoch = (await Store.GetUserAsync("alice")).Epoch;
        Assert.Equal(ops[1].Id, await Store.FindOperationIdAsync("alice", 2));
        Assert.Null(await Store.FindOperationIdAsync("alice", 4));
        Assert.Null(await Store.FindOperationIdAsync("bob", 2));

        Assert.Null(await Store.RotateEpochIfStillAsync("alice", "0123456789abcdef0123456789abcdef")); // another epoch
        var rotated = await Store.RotateEpochIfStillAsync("alice", epoch);
        Assert.NotNull(rotated);
        Assert.NotEqual(epoch, rotated);
        Assert.Null(await Store.RotateEpochIfStillAsync("alice", epoch)); // the old epoch again: already rotated
        Assert.Equal(new UserState(rotated, 3), await Store.GetUserAsync("alice"));
        Assert.Equal(ops[1].Id, await Store.FindOperationIdAsync("alice", 2));
    }
}

public sealed class SqliteOperationStoreTests : OperationStoreTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dataans-store-").FullName;

    private protected override Task<IOperationStore> CreateAsync() => Task.FromResult<IOperationStore>(
        new SqliteOperationStore(new SqliteDatabase(Options.Create(new StorageOptions { DataDir = _dir })), TimeProvider.System));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresOperationStoreTests : OperationStoreTests
{
    private PostgresDatabase? _database;

    private protected override async Task<IOperationStore> CreateAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("store");
        _database = new PostgresDatabase(Options.Create(new StorageOptions { Operations = "postgres", Postgres = connectionString }));
        return new PostgresOperationStore(_database, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Host=db", 32, true)]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5, true)]
    public void DataSource_PreparesAndSkipsTheResetUnlessTheConnectionStringSaysOtherwise(string connectionString, int maxAutoPrepare, bool noReset)
    {
        using var dataSource = PostgresDatabase.CreateDataSource(connectionString);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal((maxAutoPrepare, noReset), (settings.MaxAutoPrepare, settings.NoResetOnClose));
    }
}
