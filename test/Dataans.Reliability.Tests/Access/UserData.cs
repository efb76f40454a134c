using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts.Sync;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// What one user stores through every kind of write route: v2 and v1 operations, a completed v2 file,
/// an unfinished upload, a v1 file and a key verifier. Every secret is recognisable text, so a response
/// that carries any of it is caught by <see cref="Leaks"/>.
/// </summary>
internal sealed record UserData(
    PushOperation Op,
    PushOperation V1Op,
    Guid File,
    byte[] FileBytes,
    Guid Partial,
    byte[] PartialBytes,
    Guid V1File,
    byte[] V1FileBytes,
    string Verifier,
    InboxData Inbox)
{
    public static async Task<UserData> CreateAsync(HttpClient client, string label)
    {
        var data = new UserData(
            NewOp(label + "-op"),
            NewOp(label + "-v1op"),
            Guid.NewGuid(),
            Secret(label + "-file"),
            Guid.NewGuid(),
            Secret(label + "-partial"),
            Guid.NewGuid(),
            Secret(label + "-v1file"),
            Encoding.ASCII.GetString(Secret(label + "-verifier")),
            await InboxData.CreateAsync(client, label));

        await TestOps.PushAsync(client, data.Op);
        Ok(await client.PostAsync("data/operation", V1Body(data.V1Op)));
        Ok(await client.PutAsync($"v2/files/{data.File}?offset=0", new ByteArrayContent(data.FileBytes)));
        Ok(await client.PostAsync($"v2/files/{data.File}/complete?length={data.FileBytes.Length}", null));
        Ok(await client.PutAsync($"v2/files/{data.Partial}?offset=0", new ByteArrayContent(data.PartialBytes)));
        Ok(await client.PostAsync($"file/{data.V1File}", new ByteArrayContent(data.V1FileBytes)));
        Ok(await client.PutAsJsonAsync("v2/verifier", new KeyVerifier { Verifier = data.Verifier }, V2JsonContext.Default.KeyVerifier));
        return data;
    }

    /// <summary>Text that would show this user's data in a response body: the secrets in clear, ids, and base64 of the op bytes.</summary>
    public IEnumerable<string> Markers =>
    [
        Encoding.ASCII.GetString(Op.Data), Encoding.ASCII.GetString(V1Op.Data), Convert.ToBase64String(Op.Data), Convert.ToBase64String(V1Op.Data),
        Op.Id.ToString(), V1Op.Id.ToString(), Encoding.ASCII.GetString(FileBytes), Encoding.ASCII.GetString(PartialBytes),
        Encoding.ASCII.GetString(V1FileBytes), Verifier, .. Inbox.Markers,
    ];

    /// <summary>The markers found in <paramref name="body"/>.</summary>
    public IReadOnlyList<string> Leaks(string body) => [.. Markers.Where(m => body.Contains(m, StringComparison.Ordinal))];

    public static PushOperation NewOp(string label)
    {
        var data = Secret(label);
        return TestOps.New() with { Data = data, Checksum = SHA256.HashData(data) };
    }

    public static HttpContent V1Body(params PushOperation[] ops) => JsonContent.Create(
        ops.Select(o => new V1Operation { Id = o.Id, CreatedAt = o.CreatedAt, Data = o.Data, Checksum = o.Checksum }).ToList(),
        V1JsonContext.Default.ListV1Operation);

    /// <summary>ASCII bytes like <c>alice-file-secret-0a1b…</c>: unique and easy to find in any body.</summary>
    public static byte[] Secret(string label) => Encoding.ASCII.GetBytes($"{label}-secret-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}");

    private static void Ok(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{response.RequestMessage} -> {(int)response.StatusCode}");
        }
    }
}
