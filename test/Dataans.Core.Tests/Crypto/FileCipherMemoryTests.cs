using System.Security.Cryptography;
using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

[CollectionDefinition(nameof(CryptoMemoryCollection), DisableParallelization = true)]
public sealed class CryptoMemoryCollection;

/// <summary>
/// Runs alone (no parallel tests), so the process-wide allocation counter measures only this work.
/// </summary>
[Collection(nameof(CryptoMemoryCollection))]
public sealed class FileCipherMemoryTests
{
    private const long Size = 256L * 1024 * 1024;

    [Fact]
    public async Task EncryptThenDecrypt_256MiBStream_AllocatesFarLessThanTheStreamSize()
    {
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        var fileId = Guid.NewGuid();
        var path = Path.Combine(Path.GetTempPath(), $"dataans-memory-{Guid.NewGuid():N}.enc");
        try
        {
            using var sink = new HashingStream();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await using (var encrypted = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await FileCipher.EncryptAsync(key, fileId, new PatternStream(Size), encrypted);
            }

            await using (var encrypted = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            {
                await FileCipher.DecryptAsync(key, fileId, encrypted, sink);
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.Equal(FileCipherLayout.GetCiphertextLength(Size, FileCipherHeader.DefaultChunkSize), new FileInfo(path).Length);
            Assert.Equal(ExpectedHash(), sink.Hash());
            Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes for a {Size:N0}-byte stream");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] ExpectedHash()
    {
        using var hash = new HashingStream();
        new PatternStream(Size).CopyTo(hash, 1 << 16);
        return hash.Hash();
    }

    /// <summary>A read-only stream of deterministic bytes that are never held in memory at once.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < count; i++)
            {
                var x = (ulong)(_position + i) * 0x9E3779B97F4A7C15UL;
                buffer[i] = (byte)(x >> 56);
            }

            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A write-only stream that keeps only a SHA-256 of what it receives.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
