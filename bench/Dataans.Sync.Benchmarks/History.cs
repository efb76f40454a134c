using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Storage;

namespace Dataans.Sync.Benchmarks;

/// <summary>
/// A reproducible history of a given number of operations on one device: spaces made through the
/// store (with their avatars), then notes and edits written as log records in large transactions
/// (<see cref="DataansStore.ApplyAsync"/> as local, unpushed operations) so that 100,000 take seconds.
/// </summary>
internal static class History
{
    private const int Spaces = 20;
    private static readonly string[] Words =
    [
        "meeting", "plan", "draft", "budget", "review", "notes", "call", "idea", "travel", "invoice",
        "東京で会議", "明日の予定", "買い物リスト", "release", "design", "sync", "server", "garden", "recipe", "book",
    ];

    /// <returns>The ids of the notes written (for later edits).</returns>
    public static async Task<List<Guid>> WriteAsync(DataansStore store, int operations, Random random)
    {
        var spaceIds = new List<Guid>();
        for (var i = 0; i < Spaces; i++)
        {
            spaceIds.Add((await store.CreateSpaceAsync($"Space {i}")).Id);
        }

        var (total, _) = await store.SyncLedger.CountOperationsAsync();
        var notes = new List<(Guid Id, Guid Space, Timestamp Created, Guid Version)>();
        var time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30));
        var batch = new List<OperationRecord>(5_000);
        for (var n = total; n < operations; n++)
        {
            time = time.AddNanoseconds(1_000_000);
            var id = Guid.NewGuid();
            if (notes.Count < 100 || random.Next(10) < 7)
            {
                var note = new NotePayload(Guid.NewGuid(), Text(random), time, time, spaceIds[random.Next(spaceIds.Count)], false);
                batch.Add(new OperationRecord(id, time, new CreateNote(note)));
                notes.Add((note.Id, note.SpaceId, time, id));
            }
            else
            {
                var index = random.Next(notes.Count);
                var (noteId, space, created, version) = notes[index];
                batch.Add(new OperationRecord(id, time, new UpdateNote(new NotePayload(noteId, Text(random), created, time, space, false, [version]))));
                notes[index] = (noteId, space, created, id);
            }

            if (batch.Count == batch.Capacity)
            {
                await store.ApplyAsync(batch, isLocal: true);
                batch.Clear();
            }
        }

        await store.ApplyAsync(batch, isLocal: true);
        return notes.ConvertAll(note => note.Id);
    }

    /// <summary>About 250 characters of words, like a short note.</summary>
    public static string Text(Random random)
    {
        var builder = new StringBuilder(300);
        while (builder.Length < 250)
        {
            builder.Append(Words[random.Next(Words.Length)]).Append(' ');
        }

        return builder.ToString().TrimEnd();
    }
}
