namespace Dataans.Core.Sync;

/// <summary>
/// A read-only view of an answer's body that refuses to go past a byte cap, and that gives up when the
/// server sends nothing for <c>idleTimeout</c> (the whole body may take longer: it only must keep coming).
/// Counts what it passed on.
/// </summary>
/// <param name="requestAborted">The request's own token: a read given it (or none) waits on the idle timer alone.</param>
internal sealed class BoundedReadStream(Stream inner, long maxBytes, TimeSpan idleTimeout, CancellationToken requestAborted) : Stream
{
    /// <summary>One timer for the whole body, running while a read waits (also fired by <c>requestAborted</c>).</summary>
    private readonly CancellationTokenSource _idle = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);

    public long BytesRead { get; private set; }

    /// <summary>True once a read was given up because the server sent nothing for the idle timeout.</summary>
    public bool TimedOut => _idle.IsCancellationRequested && !requestAborted.IsCancellationRequested;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != requestAborted
            ? CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, cancellationToken)
            : null;
        _idle.CancelAfter(idleTimeout);
        var read = await inner.ReadAsync(buffer, linked?.Token ?? _idle.Token);
        _idle.CancelAfter(Timeout.InfiniteTimeSpan); // the reader's own pauses (applying what it read) are not the server's silence
        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            throw new AnswerTooLongException(maxBytes);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The body is read asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _idle.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An answer went past its byte cap; the reader stopped there.</summary>
internal sealed class AnswerTooLongException(long maxBytes) : IOException($"The answer is longer than {maxBytes} bytes.");
