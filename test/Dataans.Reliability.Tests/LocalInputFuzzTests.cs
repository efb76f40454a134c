using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Seeded fuzzing of the files a user hands the app: import files (our export and the original's V1
/// backup), profile.json, config.toml and themes, and the server's configuration. Every case must end
/// in success or the parser's documented error with one clear sentence, and a refused input changes
/// nothing. DATAANS_FUZZ_CASES multiplies the case counts (default 1).
/// </summary>
public sealed partial class LocalInputFuzzTests
{
    private const int Seed = 20261127;
    private const string SecretToken = "fuzz-secret-token-4711";

    [Fact]
    public async Task Import_MutatedExports_SucceedOrRefuseWithImportExceptionAndChangeNothing()
    {
        var cases = Cases(20_000);
        await using var source = await Device.CreateAsync();
        var exportFolder = Directory.CreateTempSubdirectory("dataans-fuzz-import-").FullName;
        try
        {
            string[] seeds = [await File.ReadAllTextAsync(await SeedExportAsync(source, exportFolder)), ImportMutator.V1Seed()];
            var stopwatch = Stopwatch.StartNew();

            // Two workers (own store, own case file, own seeded generator) use both cores.
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(worker =>
                Task.Run(() => ImportWorkerAsync(new Random(Seed + (10 * worker)), seeds, Path.Combine(exportFolder, $"case-{worker}.json"), cases / 2))));
            var (imported, refused) = (results.Sum(result => result.Imported), results.Sum(result => result.Refused));
            var problems = results.SelectMany(result => result.Problems).ToList();

            Figures.Record("fuzz", "import cases", cases / 2 * 2);
            Figures.Record("fuzz", "import cases imported", imported);
            Figures.Record("fuzz", "import cases refused", refused);
            Figures.Record("fuzz", "import unexpected exceptions or partial changes", problems.Count);
            Figures.Record("fuzz", "import duration", stopwatch.Elapsed.TotalSeconds, "s");
            Assert.True(problems.Count == 0, $"{problems.Count} bad outcomes, e.g.:\n{string.Join('\n', problems.Take(15))}");
            Assert.True(imported > cases / 50 && refused > cases / 2, $"imported {imported}, refused {refused}: the mutations miss one of the paths");
        }
        finally
        {
            Directory.Delete(exportFolder, recursive: true);
        }
    }

    /// <summary>Imports <paramref name="count"/> mutated files into a new store; a refused one must leave its digest as it was.</summary>
    private static async Task<(int Imported, int Refused, List<string> Problems)> ImportWorkerAsync(Random random, string[] seeds, string casePath, int count)
    {
        await using var target = await Device.CreateAsync();
        var digest = await ImportMutator.DigestAsync(target.Store);
        var (imported, refused) = (0, 0);
        var problems = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllBytesAsync(casePath, ImportMutator.Mutate(random, seeds[i % seeds.Length]));
            try
            {
                await Importer.ImportAsync(target.Store, casePath);
                imported++;
                digest = await ImportMutator.DigestAsync(target.Store);
            }
            catch (ImportException exception)
            {
                refused++;
                Check(problems, i, exception.Message, IsClear(exception.Message), "unclear message");
                Check(problems, i, exception.Message, await ImportMutator.DigestAsync(target.Store) == digest, "the store changed");
            }
            catch (Exception exception)
            {
                problems.Add($"case {i}: unexpected {exception.GetType().Name}: {FirstLine(exception.Message)}");
                digest = await ImportMutator.DigestAsync(target.Store);
            }
        }

        Check(problems, count, "integrity_check", await IntegrityAsync(target) == "ok", "the database is damaged");
        return (imported, refused, problems);
    }

    [Fact]
    public async Task ProfileLoad_MutatedProfiles_LoadOrRefuseAndLeaveTheFileUntouched()
    {
        var random = new Random(Seed + 1);
        var cases = Cases(5_000);
        var folder = Directory.CreateTempSubdirectory("dataans-fuzz-profile-").FullName;
        try
        {
            var profile = new UserProfile
            {
                ServerUrl = new Uri("https://sync.example.org/base/"),
                AuthMode = AuthMode.Token,
                AuthToken = SecretToken,
                SecretKey = new EncryptionKey(Enumerable.Range(0, EncryptionKey.Size).Select(i => (byte)(i * 7)).ToArray()),
                Passphrase = "fuzz-passphrase",
                SyncCursor = 42,
                SyncEpoch = "epoch-1",
            };
            var seeds = new[]
            {
                Encoding.UTF8.GetString(ProfileJson.Serialize(profile)),
                Encoding.UTF8.GetString(ProfileJson.Serialize(profile with { AuthMode = AuthMode.Cloudflare, SyncCursor = null, SyncEpoch = null })),
            };
            var store = new ProfileStore(folder);
            Directory.CreateDirectory(store.DirectoryPath);
            var (loaded, refused) = (0, 0);
            var problems = new List<string>();
            for (var i = 0; i < cases; i++)
            {
                var bytes = JsonTreeMutator.Mutate(random, seeds[i % seeds.Length]);
                await File.WriteAllBytesAsync(store.FilePath, bytes);
                try
                {
                    _ = await store.LoadAsync();
                    loaded++;
                }
                catch (ProfileCorruptException exception)
                {
                    refused++;
                    Check(problems, i, exception.Message, IsClear(exception.Message) && !exception.Message.Contains(SecretToken, StringComparison.Ordinal), "unclear message or one that quotes the file");
                }
                catch (Exception exception)
                {
                    problems.Add($"case {i}: unexpected {exception.GetType().Name}: {FirstLine(exception.Message)}");
                }

                Check(problems, i, "profile.json", (await File.ReadAllBytesAsync(store.FilePath)).AsSpan().SequenceEqual(bytes), "the file changed");
                Check(problems, i, "profile folder", Directory.GetFiles(store.DirectoryPath).Length == 1, "a file was added");
            }

            Figures.Record("fuzz", "profile cases", cases);
            Figures.Record("fuzz", "profile cases loaded", loaded);
            Figures.Record("fuzz", "profile unexpected exceptions or changed files", problems.Count);
            Assert.True(problems.Count == 0, $"{problems.Count} bad outcomes, e.g.:\n{string.Join('\n', problems.Take(15))}");
            Assert.True(loaded > 0 && refused > cases / 4, $"loaded {loaded}, refused {refused}: the mutations miss one of the paths");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The count for this run: <paramref name="normal"/> times DATAANS_FUZZ_CASES (a whole number, default 1).</summary>
    private static int Cases(int normal) =>
        int.TryParse(Environment.GetEnvironmentVariable("DATAANS_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var factor) && factor > 0
            ? normal * factor
            : normal;

    /// <summary>One sentence a user can act on: not empty, one line, no stack trace, not a wall of text.</summary>
    private static bool IsClear(string message) =>
        message.Trim().Length > 10 && !message.Contains('\n', StringComparison.Ordinal) && !message.Contains(" at Dataans.", StringComparison.Ordinal)
        && !message.Contains(" at System.", StringComparison.Ordinal) && message.Length <= 500;

    private static void Check(List<string> problems, int index, string subject, bool ok, string what)
    {
        if (!ok)
        {
            problems.Add($"case {index}: {what}: {FirstLine(subject)}");
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0];
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    private static async Task<string> SeedExportAsync(Device device, string folder)
    {
        var work = await device.Store.CreateSpaceAsync("Work");
        var home = await device.Store.CreateSpaceAsync("Home ✓");
        var attachment = Path.Combine(device.Root, "report.pdf");
        await File.WriteAllBytesAsync(attachment, Encoding.UTF8.GetBytes("%PDF-1.4 fuzz"));
        await device.Store.CreateNoteAsync(work.Id, "Quarterly report", [AttachmentSource.FromPath(attachment)]);
        await device.Store.CreateNoteAsync(work.Id, "- [x] review\n- [ ] send");
        await device.Store.CreateNoteAsync(home.Id, "東京で会議 ![](x.png)");
        return await JsonExporter.ExportAsync(device.Store, folder, withFiles: true);
    }

    private static async Task<string> IntegrityAsync(Device device)
    {
        await using var connection = await device.Store.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
