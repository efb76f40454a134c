using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.Core.Tests.Export;

/// <summary>Sample content for export and import tests.</summary>
internal static class ExportSamples
{
    public static readonly byte[] ReportBytes = [0x25, 0x50, 0x44, 0x46, 1, 2, 3, 4, 5];
    public static readonly byte[] PhotoBytes = [0xFF, 0xD8, 0xFF, 9, 8, 7];

    /// <summary>Two spaces (one CJK), three notes (one edited), two attachments with awkward names.</summary>
    public static async Task<(Space Work, Space Home, Note Report, Note Tokyo)> FillAsync(DataansStore store)
    {
        var work = await store.CreateSpaceAsync("Work");
        var home = await store.CreateSpaceAsync("家のメモ");
        var report = await store.CreateNoteAsync(work.Id, "Quarterly **report**", [Attachment("report (final).pdf", ReportBytes), Attachment("photo 1.jpg", PhotoBytes)]);
        report = await store.UpdateNoteAsync(report.Id, "Quarterly **report**, reviewed");
        await store.CreateNoteAsync(work.Id, "Second note\n\n```cs\nvar x = 1;\n```");
        var tokyo = await store.CreateNoteAsync(home.Id, "東京で会議");
        return (work, home, report, tokyo);
    }

    public static AttachmentSource Attachment(string name, byte[] bytes) =>
        new(name, _ => Task.FromResult<Stream>(new MemoryStream(bytes)));

    public static string NewFolder(TestDataDirectory directory, string name)
    {
        var path = Path.Combine(directory.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
