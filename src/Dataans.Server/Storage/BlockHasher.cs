using System.Security.Cryptography;

namespace Dataans.Server.Storage;

/// <summary>
/// The seed's block hash: SHA-256 over the concatenated 32-byte checksums of each chunk of
/// <c>itemsPerBlock</c> operations in (createdAt, id) order; the last chunk may be partial.
/// Fed one checksum at a time so that no request holds every operation. Not thread-safe.
/// </summary>
internal sealed class BlockHasher(int itemsPerBlock) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<byte[]> _blocks = [];
    private int _inBlock;

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> checksum)
    {
        _hash.AppendData(checksum);
        Count++;
        if (++_inBlock == itemsPerBlock)
        {
            _blocks.Add(_hash.GetHashAndReset());
            _inBlock = 0;
        }
    }

    public IReadOnlyList<byte[]> Finish()
    {
        if (_inBlock > 0)
        {
            _blocks.Add(_hash.GetHashAndReset());
            _inBlock = 0;
        }

        return _blocks;
    }

    public void Dispose() => _hash.Dispose();
}
