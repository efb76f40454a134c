using System.Globalization;
using Dataans.Core.Crypto;
using Dataans.Core.Export;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Dataans.Sync.Tests;

/// <summary>
/// The convergence property through a real server (SQLite + folder): devices with clocks skewed by up
/// to an hour change things offline, sync in random orders and interleavings, then every device syncs
/// twice. Afterwards every export is identical, no operation is pending, and every change that should
/// survive is there (with its attachments' bytes on every device).
/// <para>
/// 200 schedules by default (30–45 s on 2 cores). <c>DATAANS_SYNC_SCHEDULES=5000</c> runs
/// 5,000 (about 15 minutes). To replay a failure, set <c>DATAANS_SYNC_SCHEDULES=1</c> and
/// <c>DATAANS_SYNC_REPLAY="seed,gamma,size"</c> from FsCheck's "Replay directly at failing step with (…)"
/// (the failing schedule is printed too; attachment bytes and ids are random, the steps are not).
/// </para>
/// </summary>
public sealed class SyncConvergenceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DefaultSchedules = 200;
    private ServerInstance _server = null!;
    private EncryptionKey _key = null!;
    private readonly Dictionary<string, int> _totals = [];
    private int _users;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _key = await SyncScenarioTests.TestKeyAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RandomSchedules_AfterAFinalRound_AllDevicesExportTheSameStateWithEverySurvivingChange()
    {
        var schedules = ReadCount("DATAANS_SYNC_SCHEDULES", DefaultSchedules);
        var config = Config.QuickThrowOnFailure.WithMaxTest(schedules).WithQuietOnSuccess(true).WithReplay(ReadReplay());
        var property = Prop.ForAll(Schedule.Arbitrary, (Schedule schedule) => RunAsync(schedule).GetAwaiter().GetResult());

        // FsCheck blocks; run it off xUnit's synchronization context so the devices' continuations are free to run.
        await Task.Run(() => Check.One(config, property));

        output.WriteLine($"{_users} schedules converged; totals: {string.Join(", ", _totals.OrderBy(total => total.Key, StringComparer.Ordinal).Select(total => $"{total.Key} {total.Value}"))}");
        Assert.Equal(schedules, _users);
    }

    private async Task RunAsync(Schedule schedule)
    {
        var token = await _server.AddUserAsync($"u{Interlocked.Increment(ref _users)}");
        var devices = new List<Device>();
        try
        {
            foreach (var skew in schedule.SkewSeconds)
            {
                var device = await Device.CreateAsync(new SkewedClock(TimeSpan.FromSeconds(skew)));
                devices.Add(device);
                await device.UseKeyAsync(_server.BaseAddress, token, _key);
            }

            var runner = new ScheduleRunner(devices);
            foreach (var step in schedule.Offline.Concat(schedule.Online))
            {
                await runner.RunAsync(step);
            }

            for (var round = 0; round < 2; round++)
            {
                foreach (var device in devices)
                {
                    await device.SyncAsync();
                }
            }

            await AssertConvergedAsync(devices);
            var document = await AssertSurvivorsAsync(devices, runner);
            Count(runner, document);
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static async Task AssertConvergedAsync(List<Device> devices)
    {
        var expected = await devices[0].ExportAsync();
        var log = (await devices[0].Store.SyncLedger.ReadOrderedDigestsAsync()).Select(item => item.Id).ToList();
        for (var i = 0; i < devices.Count; i++)
        {
            var export = await devices[i].ExportAsync();
            Assert.True(export == expected, $"device {i}'s export differs from device 0's: {FirstDifference(expected, export)}");
            var ids = (await devices[i].Store.SyncLedger.ReadOrderedDigestsAsync()).Select(item => item.Id).ToList();
            Assert.True(log.SequenceEqual(ids), $"device {i} holds {ids.Count} operations, device 0 holds {log.Count} (or in another order)");
            var (_, pending) = await devices[i].Store.SyncLedger.CountOperationsAsync();
            Assert.True(pending == 0, $"device {i} still has {pending} operations to push");
        }
    }

    private static async Task<ExportDocument> AssertSurvivorsAsync(List<Device> devices, ScheduleRunner runner)
    {
        var document = await StateReader.ReadAsync(devices[0].Store);
        var spaces = document.Spaces.ToDictionary(space => space.Id);
        var notes = document.Spaces.SelectMany(space => space.Notes.Select(note => (Space: space.Id, Note: note))).ToDictionary(item => item.Note.Id);
        foreach (var (id, space) in runner.Spaces)
        {
            if (!space.IsDeleted)
            {
                Assert.True(spaces.TryGetValue(id, out var actual), $"space '{space.Name}' was never deleted but is missing");
                Assert.True(space.SettledName is null || space.SettledName == actual.Name, $"space '{space.Name}' shows '{actual.Name}', expected '{space.SettledName}'");
                Assert.True(space.SettledName is not null || space.Renames.Any(rename => rename.Name == actual.Name), $"space '{space.Name}' shows a name nobody gave it: '{actual.Name}'");
            }
            else if (space.Renames.Count == 0)
            {
                Assert.False(spaces.ContainsKey(id), $"space '{space.Name}' was deleted and never renamed, yet it is visible");
            }
        }

        foreach (var (id, note) in runner.Notes)
        {
            if (!note.IsDeleted && !runner.Spaces[note.SpaceId].IsDeleted)
            {
                Assert.True(notes.TryGetValue(id, out var actual), $"note '{note.Text}' was never deleted (nor its space) but is missing");
                Assert.Equal(note.SpaceId, actual.Space);
                Assert.True(!note.HasSingleEditor || actual.Note.Text == note.SettledText, $"note '{note.Text}' shows '{actual.Note.Text}', expected '{note.SettledText}'");
                Assert.True(!note.HasSingleEditor || !actual.Note.HasConflict, $"note '{note.Text}' was edited on one device only but shows a conflict");
                Assert.True(note.Text == actual.Note.Text || note.Edits.Any(edit => edit.Text == actual.Note.Text), $"note '{note.Text}' shows a text nobody wrote: '{actual.Note.Text}'");
                Assert.Equal(note.Files.Select(file => file.Id), actual.Note.Files.Select(file => file.Id));
                foreach (var (file, expected) in actual.Note.Files.Zip(note.Files))
                {
                    await AssertBytesEverywhereAsync(devices, file, expected.Bytes);
                }
            }
            else if (note.IsDeleted && note.Edits.Count == 0)
            {
                Assert.False(notes.ContainsKey(id), $"note '{note.Text}' was deleted and never edited, yet it is visible");
            }
        }

        foreach (var space in document.Spaces)
        {
            Assert.NotNull(space.Avatar);
            await AssertBytesEverywhereAsync(devices, space.Avatar, expected: null);
        }

        return document;
    }

    /// <summary>Totals over the run, printed at the end: evidence that the schedules exercise what they should.</summary>
    private void Count(ScheduleRunner runner, ExportDocument document)
    {
        lock (_totals)
        {
            foreach (var (kind, count) in runner.Performed)
            {
                _totals[kind.ToString()] = _totals.GetValueOrDefault(kind.ToString()) + count;
            }

            var notes = document.Spaces.SelectMany(space => space.Notes).ToList();
            _totals["final spaces"] = _totals.GetValueOrDefault("final spaces") + document.Spaces.Count;
            _totals["final notes"] = _totals.GetValueOrDefault("final notes") + notes.Count;
            _totals["final conflicts"] = _totals.GetValueOrDefault("final conflicts") + notes.Count(note => note.HasConflict);
            _totals["final attachments"] = _totals.GetValueOrDefault("final attachments") + notes.Sum(note => note.Files.Count);
        }
    }

    /// <param name="expected">The bytes written; null to compare with device 0's copy.</param>
    private static async Task AssertBytesEverywhereAsync(List<Device> devices, ExportFile file, byte[]? expected)
    {
        for (var i = 0; i < devices.Count; i++)
        {
            var path = devices[i].Store.Files.Resolve(file.Path);
            Assert.True(path is not null && File.Exists(path), $"file {file.Name} ({file.Id}) is missing on device {i}");
            var actual = await File.ReadAllBytesAsync(path);
            expected ??= actual;
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"file {file.Name} ({file.Id}) has other bytes on device {i}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var index = 0;
        while (index < expected.Length && index < actual.Length && expected[index] == actual[index])
        {
            index++;
        }

        static string Around(string text, int at) => text.Substring(Math.Max(0, at - 200), Math.Min(text.Length, at + 200) - Math.Max(0, at - 200));
        return $"at character {index}:\n--- device 0 ---\n{Around(expected, index)}\n--- this device ---\n{Around(actual, index)}";
    }

    private static int ReadCount(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : fallback;

    private static FSharpOption<Replay> ReadReplay()
    {
        var parts = Environment.GetEnvironmentVariable("DATAANS_SYNC_REPLAY")?.Split(',', StringSplitOptions.TrimEntries) ?? [];
        return parts.Length >= 2 && ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var seed) && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var gamma)
            ? FSharpOption<Replay>.Some(new Replay(
                new Rnd(seed, gamma),
                parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var size) ? FSharpOption<int>.Some(size) : FSharpOption<int>.None))
            : FSharpOption<Replay>.None;
    }
}
