using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Issue 7, item 5: "a stolen server token alone cannot read any note". A canary in note text, space
/// names, a file name and file bytes is synced by the real engine; a thief holding only the server
/// token downloads everything the API gives (and every file id, which the API does not list) and finds
/// the canary zero times, while the owner's key finds it in the same bytes and a key from a wrong
/// passphrase decrypts nothing.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class StolenTokenTests(AccessServers servers, ITestOutputHelper output)
{
    private const string Password = "victim password";
    private readonly Canary _canary = new();

    [Fact]
    public async Task StolenToken_DownloadsOnlyCiphertext()
    {
        var server = servers.Token.Server;
        var token = await server.AddUserAsync("victim");
        await using var device = await Device.CreateAsync();
        var (profile, _) = await device.Account.SignInAsync(server.BaseAddress, token, Password, "Victim-Pass-Phrase-Words");
        var key = profile.SecretKey;
        var fileIds = await WriteCorpusAsync(device);

        using var thief = Credential.Bearer("stolen", token).Client(server.BaseAddress);
        var loot = await Loot.TakeAsync(thief, fileIds);
        var all = loot.AllBytes();
        var hits = _canary.Count(all).Values.Sum();
        output.WriteLine($"stolen token: {loot.Ops.Count} operations, {loot.Files.Count} files, {all.Length} bytes downloaded; canary hits {hits}");
        Figures.Record("access", "bytes downloaded with a stolen token", all.Length, "B");
        Figures.Record("access", "canary hits with a stolen token", hits);
        Assert.Equal(0, hits);

        // Not vacuous: the owner's key finds the canary in exactly these bytes.
        var plaintext = new MemoryStream();
        foreach (var op in loot.Ops)
        {
            plaintext.Write(Envelope.Decrypt(key, op.Data));
        }

        foreach (var (id, bytes) in loot.Files)
        {
            await FileCipher.DecryptAsync(key, id, new MemoryStream(bytes), plaintext);
        }

        var ownerHits = _canary.Count(plaintext.ToArray())["utf8"];
        output.WriteLine($"the owner's key finds the canary {ownerHits} times in the same bytes");
        Assert.True(ownerHits >= 5, $"The owner's key found the canary {ownerHits} times; the loot would prove nothing.");
        Assert.True(await Dataans.Core.Crypto.KeyVerifier.VerifyAsync(key, loot.Verifier));

        // A key from the right password and a wrong passphrase opens nothing.
        var wrong = await KeyDerivation.DeriveKeyAsync(Password, "Wrong-Pass-Phrase-Words");
        await using (var thiefDevice = await Device.CreateAsync())
        {
            var refused = await Assert.ThrowsAsync<SyncException>(() => thiefDevice.Account.SignInAsync(server.BaseAddress, token, Password, "Wrong-Pass-Phrase-Words"));
            Assert.Equal(SyncFailure.WrongKey, refused.Failure);
        }

        Assert.False(await Dataans.Core.Crypto.KeyVerifier.VerifyAsync(wrong, loot.Verifier));
        foreach (var op in loot.Ops)
        {
            Assert.Throws<EnvelopeAuthenticationException>(() => Envelope.Decrypt(wrong, op.Data));
        }

        foreach (var (id, bytes) in loot.Files)
        {
            await Assert.ThrowsAsync<EnvelopeAuthenticationException>(() => FileCipher.DecryptAsync(wrong, id, new MemoryStream(bytes), Stream.Null));
        }

        Figures.Record("access", "decryptions refused with a wrong-passphrase key", loot.Ops.Count + loot.Files.Count + 1);
    }

    /// <summary>Syncs the canary corpus; returns the ids of every file the device uploaded.</summary>
    private async Task<IReadOnlyList<Guid>> WriteCorpusAsync(Device device)
    {
        var store = device.Store;
        var space = await store.CreateSpaceAsync($"Space {_canary.Text}");
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var canary = Encoding.UTF8.GetBytes(_canary.Text);
        foreach (var offset in new[] { 0, 65_530, 200_000, bytes.Length - canary.Length })
        {
            canary.CopyTo(bytes, offset);
        }

        await store.CreateNoteAsync(space.Id, $"The code word is **{_canary.Text}**.",
        [
            new AttachmentSource($"{_canary.Text}.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes))),
            new AttachmentSource("plain.txt", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes($"text {_canary.Text}")))),
        ]);
        var second = await store.CreateSpaceAsync("Second");
        await store.RenameSpaceAsync(second.Id, $"Renamed {_canary.Text}");
        var result = await device.SyncAsync();
        Assert.True(result.FilesUploaded >= 2, $"{result.FilesUploaded} files uploaded");

        var ids = new List<Guid>();
        foreach (var each in await store.ListSpacesAsync())
        {
            ids.Add(each.AvatarId);
            ids.AddRange((await store.ListNotesAsync(each.Id)).SelectMany(n => n.Files).Select(f => f.Id));
        }

        return ids;
    }

    /// <summary>Everything a token holder can download: every op route, blocks, verifier, event stream, and the files.</summary>
    private sealed record Loot(List<SyncOperation> Ops, Dictionary<Guid, byte[]> Files, string Verifier, List<byte[]> Bodies)
    {
        public static async Task<Loot> TakeAsync(HttpClient thief, IReadOnlyList<Guid> fileIds)
        {
            var bodies = new List<byte[]>();
            var ops = new List<SyncOperation>();
            for (long after = 0; ;)
            {
                var page = await TestOps.PullAsync(thief, after, limit: 2);
                ops.AddRange(page.Ops);
                bodies.Add(await thief.GetByteArrayAsync($"v2/ops?after={after}&limit=2"));
                after = page.Ops.Count > 0 ? page.Ops[^1].Seq : after;
                if (!page.HasMore)
                {
                    break;
                }
            }

            // v1 writes byte fields as number arrays, which no canary form matches: keep their decoded bytes too.
            var v1 = (await thief.GetFromJsonAsync("data/operation?operations_to_skip=0", V1JsonContext.Default.ListV1Operation))!;
            bodies.AddRange(v1.Select(o => o.Data));
            foreach (var path in new[] { "v2/ops/ordered?skip=0", "data/operation?operations_to_skip=0", "data/block?items_per_block=1",
                "v2/blocks?itemsPerBlock=1", "v2/verifier", "user", "v2/info" })
            {
                using var response = await thief.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
                bodies.Add(await response.Content.ReadAsByteArrayAsync());
            }

            await using (var events = await EventStream.OpenAsync(thief))
            {
                bodies.Add(Encoding.UTF8.GetBytes((await events.NextAsync()).ToString()));
            }

            var files = new Dictionary<Guid, byte[]>();
            foreach (var id in fileIds)
            {
                using var response = await thief.GetAsync($"v2/files/{id}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    files[id] = await response.Content.ReadAsByteArrayAsync();
                    bodies.Add(await thief.GetByteArrayAsync($"file/{id}"));
                }
            }

            Assert.NotEmpty(ops);
            Assert.True(files.Count >= 2, $"{files.Count} files downloaded");
            var verifier = (await thief.GetFromJsonAsync("v2/verifier", V2JsonContext.Default.KeyVerifier))!.Verifier;
            return new Loot(ops, files, verifier, bodies);
        }

        public byte[] AllBytes() => [.. Bodies.SelectMany(b => b), .. Files.Values.SelectMany(b => b)];
    }
}
