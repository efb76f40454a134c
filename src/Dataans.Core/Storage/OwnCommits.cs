namespace Dataans.Core.Storage;

/// <summary>Ranges of operation sequence numbers this process committed. Thread-safe.</summary>
internal sealed class OwnCommits
{
    private readonly List<(long After, long UpTo)> _ranges = [];
    private readonly Lock _lock = new();

    /// <summary>Records that this process committed the operations numbered (after, upTo].</summary>
    public void Add(long after, long upTo)
    {
        if (upTo <= after)
        {
            return;
        }

        lock (_lock)
        {
            _ranges.Add((after, upTo));
        }
    }

    public void Remove(long after, long upTo)
    {
        lock (_lock)
        {
            _ranges.Remove((after, upTo));
        }
    }

    public bool Contains(long seq)
    {
        lock (_lock)
        {
            return _ranges.Exists(range => seq > range.After && seq <= range.UpTo);
        }
    }

    public void ForgetUpTo(long seq)
    {
        lock (_lock)
        {
            _ranges.RemoveAll(range => range.UpTo <= seq);
        }
    }
}
