using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Core.Tests.Sync;

/// <summary>
/// Anti-entropy compares blocks while the local log streams past (issue 15): the common blocks, the local
/// count and the local tail are those of comparing the whole list, wherever the two logs part.
/// </summary>
public sealed class BlockComparisonTests
{
    private const int ItemsPerBlock = 16;
    private static readonly OperationChecksum Checksums = new(new EncryptionKey(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public void LogsThatPartAfterManyBlocks_KeepOnlyTheTailFromTheFirstDifferingBlock()
    {
        var local = Log(1000);
        var server = local.Take(803).Concat(Log(150)).ToList(); // the same until operation 803, inside block 50

        var comparison = Compare(local, server);

        Assert.Equal(50, comparison.CommonBlocks);
        Assert.Equal(1000, comparison.LocalCount);
        Assert.Equal(local.Skip(50 * ItemsPerBlock), comparison.LocalTail);
    }

    [Fact]
    public void ServerWithMoreBlocks_MatchesEveryFullLocalBlock_AndTheLocalPartialBlockIsTheTail()
    {
        var local = Log(40);
        var server = local.Concat(Log(60)).ToList();

        var comparison = Compare(local, server);

        Assert.Equal(2, comparison.CommonBlocks);
        Assert.Equal(40, comparison.LocalCount);
        Assert.Equal(local.Skip(32), comparison.LocalTail);
    }

    [Fact]
    public void LocalWithMoreBlocks_MatchesEveryServerBlock_AndKeepsTheRest()
    {
        var local = Log(100);

        var comparison = Compare(local, [.. local.Take(48)]);

        Assert.Equal(3, comparison.CommonBlocks);
        Assert.Equal(local.Skip(48), comparison.LocalTail);
    }

    [Fact]
    public void EqualLogsEndingInAPartialBlock_MatchEveryBlock_WithNoTail()
    {
        var local = Log(37);

        var comparison = Compare(local, local);

        Assert.Equal(3, comparison.CommonBlocks);
        Assert.Equal(37, comparison.LocalCount);
        Assert.Empty(comparison.LocalTail);
    }

    [Fact]
    public void EmptyLocalLog_HasNoCommonBlocksAndNoTail()
    {
        var comparison = Compare([], Log(20));

        Assert.Equal(0, comparison.CommonBlocks);
        Assert.Equal(0, comparison.LocalCount);
        Assert.Empty(comparison.LocalTail);
    }

    [Fact]
    public void AChecksumFormTheServerDoesNotHold_PartsTheLogsAtItsBlock()
    {
        var local = Log(64);
        var server = local.Select((item, i) => i == 20 ? item with { Keyed = !item.Keyed } : item).ToList();

        var comparison = Compare(local, server);

        Assert.Equal(1, comparison.CommonBlocks);
        Assert.Equal(local.Skip(16), comparison.LocalTail);
    }

    private static BlockComparison Compare(IReadOnlyList<OrderedDigest> local, IReadOnlyList<OrderedDigest> server)
    {
        var blocks = server.Chunk(ItemsPerBlock).Select(chunk => OperationDigest.BlockHash(chunk.Select(item => Checksums.AsStored(item.Digest, item.Keyed)))).ToList();
        var comparison = new BlockComparison(blocks, Checksums, ItemsPerBlock);
        foreach (var item in local)
        {
            comparison.Add(item);
        }

        return comparison.Complete();
    }

    private static List<OrderedDigest> Log(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new OrderedDigest(Guid.NewGuid(), RandomNumberGenerator.GetBytes(32), Keyed: i % 3 != 0))];
}
