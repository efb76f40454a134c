using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dataans.Core.Crypto;

namespace Dataans.Benchmarks.Crypto;

/// <summary>
/// Issue 3 benchmark: key derivation time, envelope ops/s for 1 KB, file stream MB/s and memory.
/// Usage: <c>crypto [--size-mib N] [--dir /tmp]</c>. Prints no key, password or plaintext.
/// </summary>
internal static class CryptoBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMib = GetOption(args, "--size-mib", 1024);
        var directory = GetOption(args, "--dir", "/tmp");
        var rows = new List<(string Name, string Value)>();
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));

        // File streams first, so that the peak working set before them is the process baseline.
        rows.AddRange(await MeasureFileStreamAsync(key, directory, sizeMib * 1024L * 1024L));

        var kdf = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await KeyDerivation.DeriveKeyAsync("benchmark password", PassphraseGenerator.Generate());
            kdf.Add(watch.Elapsed.TotalMilliseconds);
        }

        kdf.Sort();
        rows.Add(("key derivation (PBKDF2 1.2M, median of 3)", $"{kdf[1]:F0} ms"));

        var (encryptOps, decryptOps) = MeasureEnvelopes(key);
        rows.Add(("envelope encrypt, 1 KB", $"{encryptOps:N0} ops/s"));
        rows.Add(("envelope decrypt, 1 KB", $"{decryptOps:N0} ops/s"));

        var watchVerifier = Stopwatch.StartNew();
        var verifier = await KeyVerifier.CreateAsync(key);
        await KeyVerifier.VerifyAsync(key, verifier);
        rows.Add(("key verifier (Argon2id create + verify)", $"{watchVerifier.Elapsed.TotalMilliseconds:F0} ms"));

        Console.WriteLine($"| measurement ({Environment.ProcessorCount} cores, AES-NI: {(System.Runtime.Intrinsics.X86.Aes.IsSupported ? "yes" : "no")}) | result |");
        Console.WriteLine("|---|---|");
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"| {name} | {value} |");
        }

        return 0;
    }

    private static (double Encrypt, double Decrypt) MeasureEnvelopes(EncryptionKey key)
    {
        var plaintext = RandomNumberGenerator.GetBytes(1024);
        var envelope = Envelope.Encrypt(key, plaintext);
        for (var i = 0; i < 2_000; i++)
        {
            Envelope.Decrypt(key, Envelope.Encrypt(key, plaintext));
        }

        const int Count = 100_000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
        {
            envelope = Envelope.Encrypt(key, plaintext);
        }

        var encrypt = Count / watch.Elapsed.TotalSeconds;
        watch.Restart();
        for (var i = 0; i < Count; i++)
        {
            Envelope.Decrypt(key, envelope);
        }

        return (encrypt, Count / watch.Elapsed.TotalSeconds);
    }

    private static async Task<List<(string, string)>> MeasureFileStreamAsync(EncryptionKey key, string directory, long size)
    {
        var plainPath = Path.Combine(directory, $"dataans-bench-{Guid.NewGuid():N}.plain");
        var encryptedPath = plainPath + ".enc";
        var fileId = Guid.NewGuid();
        var rows = new List<(string, string)>();
        try
        {
            await WriteRandomFileAsync(plainPath, size);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var peakBefore = process.PeakWorkingSet64;
            var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

            var encryptToDisk = await TimeAsync(plainPath, _ => CreateNew(encryptedPath), (i, o) => FileCipher.EncryptAsync(key, fileId, i, o));
            var encryptToNull = await TimeAsync(plainPath, _ => Stream.Null, (i, o) => FileCipher.EncryptAsync(key, fileId, i, o));
            var decryptToNull = await TimeAsync(encryptedPath, _ => Stream.Null, (i, o) => FileCipher.DecryptAsync(key, fileId, i, o));
            var decryptToDisk = await TimeAsync(encryptedPath, _ => CreateNew(plainPath + ".dec"), (i, o) => FileCipher.DecryptAsync(key, fileId, i, o));
            process.Refresh();
            var peakAfter = process.PeakWorkingSet64;
            var managedAfter = GC.GetTotalMemory(forceFullCollection: false);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var mib = size / (1024.0 * 1024.0);

            rows.Add(($"file stream encrypt, {mib:F0} MiB, cached file → null", Rate(size, encryptToNull)));
            rows.Add(($"file stream decrypt, {mib:F0} MiB, cached file → null", Rate(size, decryptToNull)));
            rows.Add(($"file stream encrypt, {mib:F0} MiB, file → new file on disk", Rate(size, encryptToDisk)));
            rows.Add(($"file stream decrypt, {mib:F0} MiB, file → new file on disk", Rate(size, decryptToDisk)));
            rows.Add(("peak working set before → after (increase)", $"{Mib(peakBefore)} → {Mib(peakAfter)} MiB (+{Mib(peakAfter - peakBefore)} MiB)"));
            rows.Add(("managed heap before → after; bytes allocated during the four runs", $"{Mib(managedBefore)} → {Mib(managedAfter)} MiB; {Mib(allocated)} MiB"));
        }
        finally
        {
            File.Delete(plainPath);
            File.Delete(encryptedPath);
            File.Delete(plainPath + ".dec");
        }

        return rows;
    }

    private static async Task WriteRandomFileAsync(string path, long size)
    {
        var buffer = new byte[1 << 20];
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        for (long written = 0; written < size; written += buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - written)));
        }
    }

    private static async Task<double> TimeAsync(string inputPath, Func<Stream, Stream> openOutput, Func<Stream, Stream, Task> run)
    {
        var watch = Stopwatch.StartNew();
        await using (var input = OpenRead(inputPath))
        await using (var output = openOutput(input))
        {
            await run(input, output);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static string Rate(long bytes, double seconds) => $"{bytes / 1e6 / seconds:F0} MB/s";

    private static FileStream CreateNew(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);

    private static T GetOption<T>(string[] args, string name, T fallback)
        where T : IParsable<T>
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? T.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
