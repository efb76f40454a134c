using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataans.Tests.Original;

namespace Dataans.Sync.Tests.Original;

/// <summary>
/// A client of the original Dataans app written here from its wire and file formats (not from our code):
/// the Cloudflare cookie, <c>data/block</c> and <c>data/operation</c> with byte fields as number arrays,
/// its block-hash algorithm (16 operations per block, set difference of the tails), envelopes for operations
/// and whole files, and last-writer-wins on the operation time as its <c>apply</c> does for note text.
/// </summary>
internal sealed class OriginalClient : IDisposable
{
    private const int ItemsPerBlock = 16;
    private readonly HttpClient _http;
    private readonly byte[] _key;

    public OriginalClient(Uri server, string cloudflareJwt, byte[] key)
    {
        _http = new HttpClient { BaseAddress = server };
        _http.DefaultRequestHeaders.Add("Cookie", $"CF_Authorization={cloudflareJwt}");
        _key = key;
    }

    /// <summary>
    /// Received operations whose checksum is not the original's digest (our v2 writers' keyed checksums):
    /// the original applies them all the same, but its block hashes stop matching the server's.
    /// </summary>
    public int OtherChecksums { get; private set; }

    /// <summary>Every operation this client holds: id → (time, operation JSON, digest).</summary>
    public Dictionary<Guid, (long CreatedAt, string Json, byte[] Digest)> Log { get; } = [];

    /// <summary>Note text as its apply leaves it: the newest CreateNote/UpdateNote by operation time.</summary>
    public Dictionary<Guid, (string Text, long Time, bool Deleted)> Notes { get; } = [];

    public void Dispose() => _http.Dispose();

    public void Record(Guid id, long createdAt, string json, byte[] digest)
    {
        Log[id] = (createdAt, json, digest);
        Apply(createdAt, json);
    }

    /// <summary>A new local operation, as its OperationLogger writes one: a fresh id at the current time.</summary>
    public Guid Write(string json)
    {
        var id = Guid.NewGuid();
        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000) + Random.Shared.Next(1, 999_999);
        Record(id, now, json, DigestOf(id, now, JsonNode.Parse(json)!));
        return id;
    }

    public static long Now() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000) + Random.Shared.Next(1, 999_999);

    public async Task AuthHealthAsync()
    {
        using var response = await _http.GetAsync(new Uri("health/auth", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.Equal("auth_ok", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The original's <c>Synchronizer::synchronize</c>: compare blocks, download the tail, apply and upload the set differences.</summary>
    /// <returns>(operations applied, operations uploaded).</returns>
    public async Task<(int Applied, int Uploaded)> SyncAsync()
    {
        var local = Log.OrderBy(pair => pair.Value.CreatedAt).ToList();
        var localBlocks = local.Chunk(ItemsPerBlock).Select(chunk => SHA256.HashData(chunk.SelectMany(op => op.Value.Digest).ToArray())).ToList();
        var remoteBlocks = JsonNode.Parse(await _http.GetStringAsync(new Uri($"data/block?items_per_block={ItemsPerBlock}", UriKind.Relative)))!.AsArray()
            .Select(block => Bytes(block!)).ToList();
        var common = 0;
        while (common < localBlocks.Count && common < remoteBlocks.Count && localBlocks[common].SequenceEqual(remoteBlocks[common]))
        {
            common++;
        }

        if (common == localBlocks.Count && common == remoteBlocks.Count)
        {
            return (0, 0);
        }

        var remote = JsonNode.Parse(await _http.GetStringAsync(new Uri($"data/operation?operations_to_skip={common * ItemsPerBlock}", UriKind.Relative)))!.AsArray();
        var localTail = local.Skip(common * ItemsPerBlock).Select(pair => pair.Key).ToHashSet();
        var remoteIds = new HashSet<Guid>();
        var applied = 0;
        foreach (var operation in remote)
        {
            var id = Guid.Parse((string)operation!["id"]!);
            remoteIds.Add(id);
            if (localTail.Contains(id) || Log.ContainsKey(id))
            {
                continue;
            }

            var record = JsonNode.Parse(OriginalWire.Open(_key, Bytes(operation["data"]!)))!;
            Assert.Equal(id, Guid.Parse((string)record["id"]!));
            var createdAt = OriginalWire.ParseRfc3339((string)record["created_at"]!);
            Assert.Equal(createdAt, OriginalWire.ParseRfc3339((string)operation["createdAt"]!));
            var json = record["operation"]!.ToJsonString();
            var digest = DigestOf(id, createdAt, record["operation"]!);
            if (!digest.AsSpan().SequenceEqual(Bytes(operation["checksum"]!)))
            {
                OtherChecksums++; // the original never checks a received checksum; it keeps its own digest
            }

            Record(id, createdAt, json, digest);
            applied++;
        }

        var upload = local.Where(pair => localTail.Contains(pair.Key) && !remoteIds.Contains(pair.Key)).ToList();
        if (upload.Count > 0)
        {
            await PushAsync(upload.Select(pair => (pair.Key, pair.Value.CreatedAt, pair.Value.Json, pair.Value.Digest)));
        }

        return (applied, upload.Count);
    }

    /// <summary><c>POST data/operation</c> with sealed records, all in one request, as the original uploads them.</summary>
    public async Task PushAsync(IEnumerable<(Guid Id, long CreatedAt, string Json, byte[] Digest)> operations)
    {
        var body = new StringBuilder("[");
        foreach (var (id, createdAt, json, digest) in operations)
        {
            var data = OriginalWire.Seal(_key, Encoding.UTF8.GetBytes(OriginalWire.Record(id, createdAt, json)));
            body.Append(body.Length > 1 ? "," : string.Empty)
                .Append($"{{\"id\":\"{id}\",\"createdAt\":\"{OriginalWire.Rfc3339(createdAt)}\",\"data\":[{string.Join(',', data)}],\"checksum\":[{string.Join(',', digest)}]}}");
        }

        using var content = new StringContent(body.Append(']').ToString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("data/operation", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Uploads a file as the original does: the whole file sealed, unless the server already has it.</summary>
    public async Task UploadFileAsync(Guid id, byte[] bytes)
    {
        if (bool.Parse(await _http.GetStringAsync(new Uri($"file/{id}/exists", UriKind.Relative))))
        {
            return;
        }

        using var content = new ByteArrayContent(OriginalWire.Seal(_key, bytes));
        using var response = await _http.PostAsync(new Uri($"file/{id}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Downloads and opens a file as the original does; null when the server has none.</summary>
    public async Task<byte[]?> DownloadFileAsync(Guid id)
    {
        if (!bool.Parse(await _http.GetStringAsync(new Uri($"file/{id}/exists", UriKind.Relative))))
        {
            return null;
        }

        using var response = await _http.GetAsync(new Uri($"file/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return OriginalWire.Open(_key, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>How many operations the server holds for this account, and whether every id is there once.</summary>
    public async Task<List<Guid>> ServerOperationIdsAsync() =>
        JsonNode.Parse(await _http.GetStringAsync(new Uri("data/operation?operations_to_skip=0", UriKind.Relative)))!.AsArray()
            .Select(op => Guid.Parse((string)op!["id"]!)).ToList();

    /// <summary>The original's digest of a record, from its JSON fields (unknown additive fields are ignored, as serde does).</summary>
    public static byte[] DigestOf(Guid id, long createdAt, JsonNode operation)
    {
        var (kind, payload) = operation.AsObject().Single();
        var digest = new OriginalWire.Digest().Id(id).Time(createdAt).Text(kind);
        long Time(string name) => OriginalWire.ParseRfc3339((string)payload![name]!);
        Guid Uuid(string name) => Guid.Parse((string)payload![name]!);
        switch (kind)
        {
            case "CreateNote" or "UpdateNote":
                digest.Id(Uuid("id")).Text((string)payload!["text"]!).Time(Time("created_at")).Time(Time("updated_at")).Id(Uuid("space_id")).Flag((bool)payload["is_deleted"]!);
                break;
            case "CreateSpace" or "UpdateSpace":
                digest.Id(Uuid("id")).Text((string)payload!["name"]!).Id(Uuid("avatar_id")).Time(Time("created_at")).Time(Time("updated_at")).Flag((bool)payload["is_deleted"]!);
                break;
            case "CreateFile":
                digest.Id(Uuid("id")).Text((string)payload!["name"]!).Text((string)payload["path"]!).Time(Time("created_at")).Time(Time("updated_at")).Flag((bool)payload["is_deleted"]!);
                break;
            case "DeleteNote" or "DeleteSpace" or "DeleteFile":
                digest.Id(Guid.Parse((string)payload!));
                break;
            case "SetNoteFiles":
                digest.Id(Guid.Parse((string)payload![0]!));
                foreach (var file in payload[1]!.AsArray())
                {
                    digest.Id(Guid.Parse((string)file!));
                }

                break;
            default:
                throw new InvalidDataException($"Not an operation of the original: {kind}");
        }

        return digest.Finish();
    }

    private void Apply(long time, string json)
    {
        var (kind, payload) = JsonNode.Parse(json)!.AsObject().Single();
        switch (kind)
        {
            case "CreateNote":
                Notes[Guid.Parse((string)payload!["id"]!)] = ((string)payload["text"]!, time, false);
                break;
            case "UpdateNote":
                var id = Guid.Parse((string)payload!["id"]!);
                if (!Notes.TryGetValue(id, out var note) || note.Time < time)
                {
                    Notes[id] = ((string)payload["text"]!, time, false);
                }

                break;
            case "DeleteNote":
                var deleted = Guid.Parse((string)payload!);
                if (Notes.TryGetValue(deleted, out var current) && current.Time < time)
                {
                    Notes[deleted] = (current.Text, time, true);
                }

                break;
        }
    }

    private static byte[] Bytes(JsonNode array) => array.AsArray().Select(value => (byte)(int)value!).ToArray();
}
