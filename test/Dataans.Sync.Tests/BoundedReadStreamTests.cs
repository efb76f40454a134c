using System.IO.Pipelines;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>The idle limit on an answer's body counts the server's silence only, not the time the reader spends between reads.</summary>
public sealed class BoundedReadStreamTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task AReaderPausingLongerThanTheIdleLimit_StillReadsTheRest()
    {
        await using var body = new BoundedReadStream(new MemoryStream([1, 2, 3]), 1024, Idle, CancellationToken.None);
        var buffer = new byte[1];

        Assert.Equal(1, await body.ReadAsync(buffer));
        await Task.Delay(Idle * 3); // the reader applying a page: longer than the server may stay silent
        Assert.Equal(1, await body.ReadAsync(buffer));

        Assert.Equal(2, buffer[0]);
        Assert.False(body.TimedOut);
    }

    [Fact]
    public async Task AServerSendingNothing_TimesOutAtTheIdleLimit()
    {
        var silent = new Pipe();
        await using var body = new BoundedReadStream(silent.Reader.AsStream(), 1024, Idle, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await body.ReadExactlyAsync(new byte[1]));

        Assert.True(body.TimedOut);
    }
}
