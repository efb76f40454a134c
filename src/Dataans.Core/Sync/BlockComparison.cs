using Dataans.Core.Operations;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// Compares the local log with the server's block hashes while the log is read in the seed's order,
/// one operation at a time: a block's items are kept until its hash is compared, and only the local
/// tail (the operations from the first differing block on) is kept after that, so a log of any length
/// that matches the server costs one block of memory. Not thread-safe.
/// </summary>
internal sealed class BlockComparison
{
    private readonly IReadOnlyList<byte[]> _remote;
    private readonly OperationChecksum _checksums;
    private readonly int _itemsPerBlock;
    private readonly List<OrderedDigest> _block;
    private readonly List<OrderedDigest> _tail = [];
    private bool _diverged;

    /// <param name="remote">The server's block hashes, in order.</param>
    /// <param name="checksums">Turns each seed digest into the form the server holds.</param>
    /// <param name="itemsPerBlock">How many operations one block hash covers.</param>
    public BlockComparison(IReadOnlyList<byte[]> remote, OperationChecksum checksums, int itemsPerBlock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemsPerBlock);
        _remote = remote;
        _checksums = checksums;
        _itemsPerBlock = itemsPerBlock;
        _block = new List<OrderedDigest>(itemsPerBlock);
    }

    /// <summary>How many local operations were added.</summary>
    public int LocalCount { get; private set; }

    /// <summary>How many leading blocks of the local log equal the server's (a last partial block included).</summary>
    public int CommonBlocks { get; private set; }

    /// <summary>The local operations after the common blocks, in the seed's order; complete once <see cref="Complete"/> ran.</summary>
    public IReadOnlyList<OrderedDigest> LocalTail => _tail;

    /// <summary>Takes the next local operation in the seed's order.</summary>
    public void Add(OrderedDigest item)
    {
        LocalCount++;
        if (_diverged)
        {
            _tail.Add(item);
            return;
        }

        _block.Add(item);
        if (_block.Count == _itemsPerBlock)
        {
            CloseBlock();
        }
    }

    /// <summary>Compares the last, partial block once the whole log was added.</summary>
    public BlockComparison Complete()
    {
        if (!_diverged && _block.Count > 0)
        {
            CloseBlock();
        }

        return this;
    }

    private void CloseBlock()
    {
        if (CommonBlocks < _remote.Count
            && OperationDigest.BlockHash(_block.Select(item => _checksums.AsStored(item.Digest, item.Keyed))).AsSpan().SequenceEqual(_remote[CommonBlocks]))
        {
            CommonBlocks++;
        }
        else
        {
            _diverged = true;
            _tail.AddRange(_block);
        }

        _block.Clear();
    }
}
