using System.Diagnostics;
using System.Security.Cryptography;
using Dataans.Core.Crypto;
using Dataans.Core.Model;

namespace Dataans.Sync.Benchmarks;

/// <summary>
/// One device attaches a large file of random bytes and syncs (encrypted streaming upload); a second
/// device syncs (download, decrypt, atomic write). The source file is written under the given
/// folder and deleted afterwards, as are both devices' folders.
/// </summary>
internal static class FileRoundTrip
{
    public static async Task<Result> RunAsync(ServerProcess server, EncryptionKey key, int mib, string folder)
    {
        var token = await server.AddUserAsync("files");
        var source = Path.Combine(folder, $"dataans-syncbench-{Guid.NewGuid():N}.bin");
        try
        {
            await WriteRandomAsync(source, mib);
            await using var uploader = await BenchDevice.CreateAsync("upload", server.BaseAddress, token, key);
            await using var downloader = await BenchDevice.CreateAsync("download", server.BaseAddress, token, key);
            var space = await uploader.Store.CreateSpaceAsync("Files");
            var import = Stopwatch.StartNew();
            var note = await uploader.Store.CreateNoteAsync(space.Id, "a large attachment", [AttachmentSource.FromPath(source)]);
            import.Stop();

            Memory.Settle();
            var before = Memory.WorkingSetMiB();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var (upload, peakUpload) = await Memory.MeasureAsync(() => uploader.SyncAsync());
            var (download, peakDownload) = await Memory.MeasureAsync(() => downloader.SyncAsync());
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

            var copy = (await downloader.Store.GetNoteAsync(note.Id)).Files.Single();
            var equal = copy.Status == FileStatus.ExistAndUploaded && await SameBytesAsync(source, downloader.Store.Files.Resolve(copy.Path)!);
            return new Result(new FileInfo(source).Length, import.Elapsed, upload.Elapsed, download.Elapsed, before, peakUpload, peakDownload, allocated, equal);
        }
        finally
        {
            File.Delete(source);
        }
    }

    private static async Task WriteRandomAsync(string path, int mib)
    {
        var buffer = new byte[1024 * 1024];
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        for (var i = 0; i < mib; i++)
        {
            RandomNumberGenerator.Fill(buffer);
            await stream.WriteAsync(buffer);
        }
    }

    private static async Task<bool> SameBytesAsync(string first, string second)
    {
        await using var a = File.OpenRead(first);
        await using var b = File.OpenRead(second);
        var hashA = await SHA256.HashDataAsync(a);
        var hashB = await SHA256.HashDataAsync(b);
        return hashA.AsSpan().SequenceEqual(hashB);
    }

    internal sealed record Result(
        long Bytes,
        TimeSpan Import,
        TimeSpan Upload,
        TimeSpan Download,
        double WorkingSetBeforeMiB,
        double PeakUploadMiB,
        double PeakDownloadMiB,
        long Allocated,
        bool BytesEqual);
}
