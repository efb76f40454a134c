using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Benchmarks.Store;

/// <summary>A reproducible corpus of spaces and ≈300-character notes, one in ten in Japanese.</summary>
internal static class Corpus
{
    // English words (the passphrase list bundled with Core), drawn with a Zipf-like frequency.
    private static readonly string[] Vocabulary = LoadWords();

    private static readonly string[] Japanese =
    [
        "東京で会議", "明日の予定", "買い物リスト", "旅行の計画", "本を読む", "会議のメモ", "新しいアイデア", "大阪に出張", "京都の写真", "週末の約束",
        "家族と夕食", "プロジェクトの締め切り", "図書館で勉強", "新幹線の切符", "天気予報を確認", "友達に電話", "映画を見る", "料理のレシピ", "運動の記録", "請求書の支払い",
    ];

    // Mid-frequency words of the generated vocabulary, a rare one, and CJK terms of two and five characters.
    public static readonly string[] Queries = [Word(40), Word(120), Word(300), Word(900), Word(2500), "東京", "会議", "東京で会議", Word(60) + " " + Word(200), "買い物"];

    /// <summary>Issue 15's query classes: each class's queries, from the generated vocabulary's frequencies.</summary>
    public static IEnumerable<(string Name, string[] Queries)> QueryClasses() =>
    [
        ("common word (10 %+ of notes)", [Word(3), Word(12)]),
        ("two common words", [Word(5) + " " + Word(9), Word(2) + " " + Word(14)]),
        ("rare word", [Word(900), Word(2500), Word(6000)]),
        ("two-character CJK", ["東京", "会議"]),
        ("five-character Japanese phrase", ["東京で会議"]),
        ("substring inside a word", [Inside(3), Inside(30)]),
    ];

    /// <summary>Four letters from inside the first word of at least seven letters from <paramref name="rank"/> on (neither its start nor its end).</summary>
    private static string Inside(int rank)
    {
        while (Word(rank).Length < 7)
        {
            rank++;
        }

        return Word(rank).Substring(2, 4);
    }

    // Zipf-like: word i is drawn with probability proportional to 1 / (i + 1).
    private static readonly double[] Cumulative = BuildCumulative();

    private static string Word(int rank) => Vocabulary[rank % Vocabulary.Length];

    private static string[] LoadWords()
    {
        var words = Dataans.Core.Crypto.PassphraseGenerator.Words.ToArray();
        new Random(7).Shuffle(words);
        return words;
    }

    private static double[] BuildCumulative()
    {
        var cumulative = new double[Vocabulary.Length];
        var total = 0.0;
        for (var i = 0; i < Vocabulary.Length; i++)
        {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }

        return cumulative;
    }

    private static string RandomWord(Random random)
    {
        var target = random.NextDouble() * Cumulative[^1];
        var index = Array.BinarySearch(Cumulative, target);
        return Word(index < 0 ? ~index : index);
    }

    public static (List<OperationRecord> Operations, Guid BigSpace) Build(int notes, int spaces, int bigSpaceNotes, Random random)
    {
        var operations = new List<OperationRecord>(notes + (2 * spaces));
        var time = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var spaceIds = new Guid[spaces];
        for (var i = 0; i < spaces; i++)
        {
            var avatar = Guid.NewGuid();
            spaceIds[i] = Guid.NewGuid();
            time = time.AddNanoseconds(1_000_000);
            operations.Add(new OperationRecord(Guid.NewGuid(), time, new CreateFile(new FilePayload(avatar, $"{avatar}.png", $"{avatar}.png", time, time, false))));
            time = time.AddNanoseconds(1_000_000);
            operations.Add(new OperationRecord(Guid.NewGuid(), time, new CreateSpace(new SpacePayload(spaceIds[i], $"Space {i}", avatar, time, time, false))));
        }

        for (var i = 0; i < notes; i++)
        {
            var space = i < bigSpaceNotes ? spaceIds[0] : spaceIds[1 + (i % (spaces - 1))];
            time = time.AddNanoseconds(1_000_000);
            var note = new NotePayload(Guid.NewGuid(), Text(random, i), time, time, space, false);
            operations.Add(new OperationRecord(Guid.NewGuid(), time, new CreateNote(note)));
        }

        return (operations, spaceIds[0]);
    }

    public static string Text(Random random, int index)
    {
        var builder = new StringBuilder(320);
        var japanese = index % 10 == 0;
        while (builder.Length < 300)
        {
            builder.Append(japanese ? Japanese[random.Next(Japanese.Length)] : RandomWord(random)).Append(' ');
        }

        return builder.ToString().TrimEnd();
    }
}
