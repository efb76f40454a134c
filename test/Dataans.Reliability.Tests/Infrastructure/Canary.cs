using System.Security.Cryptography;
using System.Text;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// A unique marker and the byte patterns under which a plaintext copy of it could appear in a store:
/// its UTF-8 bytes, its UTF-8 bytes as lower- and upper-case hex (how <c>pg_dump</c> writes
/// <c>bytea</c>) and base64 at each of the three alignments (how JSON carries byte fields).
/// </summary>
internal sealed class Canary
{
    public Canary()
    {
        Text = "CANARY-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var utf8 = Encoding.UTF8.GetBytes(Text);
        var forms = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["utf8"] = utf8,
            ["hex"] = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(utf8)),
            ["HEX"] = Encoding.ASCII.GetBytes(Convert.ToHexString(utf8)),
        };
        for (var skip = 0; skip < 3; skip++)
        {
            // Only the base64 characters of whole 3-byte groups inside the canary are fixed, whatever surrounds it.
            var whole = (utf8.Length - skip) / 3 * 3;
            forms[$"base64@{skip}"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(utf8, skip, whole));
        }

        Forms = forms;
    }

    /// <summary>The marker, e.g. <c>CANARY-0123…</c>; unique per test run.</summary>
    public string Text { get; }

    public IReadOnlyDictionary<string, byte[]> Forms { get; }

    /// <summary>How often any form occurs in <paramref name="bytes"/>, by form.</summary>
    public Dictionary<string, int> Count(ReadOnlySpan<byte> bytes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, needle) in Forms)
        {
            var count = 0;
            var rest = bytes;
            int at;
            while ((at = rest.IndexOf(needle)) >= 0)
            {
                count++;
                rest = rest[(at + needle.Length)..];
            }

            counts[name] = count;
        }

        return counts;
    }

    /// <summary>Occurrences of any form in every file under <paramref name="folder"/> (all bytes, including SQLite -wal and -shm files).</summary>
    public async Task<int> CountInFolderAsync(string folder)
    {
        var total = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            total += (await ReadSharedAsync(path) is { } bytes ? Count(bytes).Values.Sum() : 0);
        }

        return total;
    }

    /// <summary>Occurrences of the UTF-8 form only (for the plaintext side, where hex and base64 forms may occur by design).</summary>
    public async Task<int> CountUtf8InFolderAsync(string folder)
    {
        var total = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            total += await ReadSharedAsync(path) is { } bytes ? Count(bytes)["utf8"] : 0;
        }

        return total;
    }

    public int CountIn(string text) => Count(Encoding.UTF8.GetBytes(text)).Values.Sum();

    private static async Task<byte[]?> ReadSharedAsync(string path)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (FileNotFoundException)
        {
            // A temporary file (an upload part, a -journal) vanished between listing and reading.
            return null;
        }
    }
}
