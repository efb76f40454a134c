using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataans.Core.Storage;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// Import files for the fuzzer: mutations of a valid export of ours (written next to its files/
/// folder, so data_path resolves) and of the original Dataans V1 backup fixture, with targeted hits on
/// the fields that matter (ids, references between objects, file names and paths, times).
/// </summary>
internal static class ImportMutator
{
    private static readonly string[] TargetFields = ["id", "space_id", "path", "data_path", "name", "avatar", "files", "notes", "spaces", "data", "space", "created_at", "updated_at", "size", "version", "format", "text"];

    private static readonly string[] Traversals =
    [
        "../../../../../../etc/passwd", "/etc/passwd", "files/../../../outside.bin", "..\\..\\..\\windows\\win.ini", "C:\\x.bin", "files/",
        "files/../files/../../x", "./files/x", "~/x", "\\\\server\\share\\x", "files/\0.bin", "files/" + new string('a', 300), ".staging/x", ".commits/x",
    ];

    public static string V1Seed() =>
        File.ReadAllText(Path.Combine(Processes.RepoRoot(), "test", "Dataans.Core.Tests", "Export", "Fixtures", "original-v1-backup.json"));

    public static byte[] Mutate(Random random, string seed)
    {
        if (random.Next(3) != 0)
        {
            return JsonTreeMutator.Mutate(random, seed);
        }

        var root = JsonNode.Parse(seed)!;
        var fields = new List<JsonObject>();
        Objects(root, fields);
        var name = TargetFields[random.Next(TargetFields.Length)];
        var holders = fields.Where(obj => obj.ContainsKey(name)).ToList();
        if (holders.Count == 0)
        {
            return JsonTreeMutator.Mutate(random, seed);
        }

        var target = holders[random.Next(holders.Count)];
        target[name] = random.Next(3) switch
        {
            0 when name is "path" or "data_path" or "name" => JsonValue.Create(Traversals[random.Next(Traversals.Length)]),
            1 when name is "id" or "space_id" => JsonValue.Create(random.Next(2) == 0 ? JsonTreeMutator.RandomGuid(random).ToString() : IdOf(fields[random.Next(fields.Count)])),
            _ => JsonTreeMutator.HostileValue(random),
        };
        var bytes = Encoding.UTF8.GetBytes(JsonTreeMutator.Serialize(root));
        return random.Next(5) == 0 ? JsonTreeMutator.MutateBytes(random, bytes) : bytes;
    }

    /// <summary>What a failed import must not change: the operation log, the rows, the files folder.</summary>
    public static async Task<string> DigestAsync(DataansStore store)
    {
        var builder = new StringBuilder();
        await using (var connection = await store.Database.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT (SELECT count(*) FROM operations) || '/' || (SELECT coalesce(sum(rowid), 0) FROM operations) || '/'
                    || (SELECT count(*) FROM spaces) || '/' || (SELECT count(*) FROM notes) || '/' || (SELECT count(*) FROM files) || '/'
                    || (SELECT count(*) FROM note_files) || '/' || (SELECT coalesce(value, '') FROM meta WHERE key = 'hlc')
                """;
            builder.Append(await command.ExecuteScalarAsync());
        }

        foreach (var file in Directory.GetFiles(store.Files.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            builder.Append('|').Append(Path.GetRelativePath(store.Files.Root, file)).Append(':').Append(new FileInfo(file).Length);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static string IdOf(JsonObject obj) => obj["id"] is JsonValue value && value.TryGetValue<string>(out var id) ? id : Guid.Empty.ToString();

    private static void Objects(JsonNode? node, List<JsonObject> found)
    {
        switch (node)
        {
            case JsonObject obj:
                found.Add(obj);
                foreach (var (_, child) in obj)
                {
                    Objects(child, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Objects(child, found);
                }

                break;
        }
    }
}
