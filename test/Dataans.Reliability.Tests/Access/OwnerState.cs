using System.Net;
using Dataans.Contracts.Sync;

namespace Dataans.Reliability.Tests.Access;

/// <summary>Everything a user can read back of their own <see cref="UserData"/>, to compare before and after another user's requests.</summary>
internal sealed record OwnerState(string Epoch, long Head, IReadOnlyList<string> Ops, string File, string Partial, string V1File, string Verifier)
{
    public static async Task<OwnerState> ReadAsync(HttpClient client, UserData data)
    {
        var ops = new List<string>();
        PullResponse page;
        long after = 0;
        do
        {
            page = await TestOps.PullAsync(client, after);
            ops.AddRange(page.Ops.Select(o => $"{o.Seq}:{o.Id}:{Convert.ToHexString(o.Checksum)}:{Convert.ToHexString(o.Data)}"));
            after = page.Ops.Count > 0 ? page.Ops[^1].Seq : after;
        }
        while (page.HasMore);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/files/{data.Partial}"));
        var partial = head.StatusCode == HttpStatusCode.OK
            ? $"{head.Headers.GetValues("Upload-Offset").Single()} complete={head.Headers.GetValues("Upload-Complete").Single()}"
            : $"HEAD {(int)head.StatusCode}";
        return new OwnerState(
            page.Epoch,
            page.Head,
            ops,
            Convert.ToHexString(await client.GetByteArrayAsync($"v2/files/{data.File}")),
            partial,
            Convert.ToHexString(await client.GetByteArrayAsync($"file/{data.V1File}")),
            await client.GetStringAsync("v2/verifier"));
    }

    /// <summary>What differs from <paramref name="later"/>, ignoring operations <paramref name="later"/> has beyond this state's head.</summary>
    public IEnumerable<string> DifferencesFrom(OwnerState later)
    {
        if (Epoch != later.Epoch)
        {
            yield return $"epoch {Epoch} became {later.Epoch}";
        }

        if (!Ops.SequenceEqual(later.Ops.Take(Ops.Count)))
        {
            yield return "stored operations changed";
        }

        foreach (var (name, was, now) in new[] { ("file", File, later.File), ("upload", Partial, later.Partial), ("v1 file", V1File, later.V1File), ("verifier", Verifier, later.Verifier) })
        {
            if (was != now)
            {
                yield return $"{name} changed";
            }
        }
    }
}
