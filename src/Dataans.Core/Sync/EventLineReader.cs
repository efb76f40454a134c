using System.Text;

namespace Dataans.Core.Sync;

/// <summary>
/// Reads the lines of a Server-Sent Events stream (ended by CR LF, LF or CR) as UTF-8, refusing a line
/// longer than a cap, so that a server sending bytes without an end of line cannot fill memory. Not
/// thread-safe (one reader per stream).
/// </summary>
internal sealed class EventLineReader(Stream stream, int maxLineBytes) : IDisposable
{
    private readonly byte[] _buffer = new byte[8192];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private bool _afterCarriageReturn;

    /// <summary>Releases the line buffer; the stream belongs to the caller.</summary>
    public void Dispose() => _line.Dispose();

    /// <returns>The next line without its end, or null at the end of the stream.</returns>
    /// <exception cref="SyncException">A line is longer than the cap.</exception>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    return _line.Length > 0 ? TakeLine() : null;
                }
            }

            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++; // the LF of a CR LF
                    continue;
                }
            }

            var unread = _buffer.AsSpan(_start, _end - _start);
            var end = unread.IndexOfAny((byte)'\n', (byte)'\r');
            Append(end < 0 ? unread : unread[..end]);
            if (end < 0)
            {
                _start = _end;
                continue;
            }

            _afterCarriageReturn = unread[end] == (byte)'\r';
            _start += end + 1;
            return TakeLine();
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_line.Length + bytes.Length > maxLineBytes)
        {
            throw new SyncException(SyncFailure.Protocol, $"The sync server's event stream sent a line longer than {maxLineBytes} bytes; the stream was closed.");
        }

        _line.Write(bytes);
    }

    private string TakeLine()
    {
        var line = Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length);
        _line.SetLength(0);
        return line;
    }
}
