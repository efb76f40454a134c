using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Dataans.Core.Tests.Operations;

/// <summary>
/// Random user actions on 3–5 devices with clocks skewed by up to an hour, some devices seeing
/// others' operations mid-way (so edits are concurrent or not). Applying the union of all operations
/// in any order, with duplicates, to fresh stores and to every device gives identical exports.
/// </summary>
public sealed class ConvergencePropertyTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 500, Arbitrary = [typeof(ScenarioArbitrary)])]
    public bool UnionOfOperations_InAnyOrderWithDuplicates_ConvergesEverywhere(Scenario scenario) =>
        RunAsync(scenario).GetAwaiter().GetResult();

    private static async Task<bool> RunAsync(Scenario scenario)
    {
        var directories = new List<TestDataDirectory>();
        var stores = new List<DataansStore>();
        try
        {
            var devices = new List<SimulatedDevice>();
            for (var i = 0; i < scenario.DeviceCount; i++)
            {
                var directory = new TestDataDirectory();
                directories.Add(directory);
                var skew = TimeSpan.FromSeconds(scenario.SkewSeconds[i % scenario.SkewSeconds.Length]);
                var store = await directory.OpenStoreAsync(new SteppingClock(Epoch + skew, TimeSpan.FromMilliseconds(3)));
                stores.Add(store);
                devices.Add(new SimulatedDevice(store));
            }

            foreach (var action in scenario.Actions)
            {
                var device = devices[action.Device % devices.Count];
                await device.PerformAsync(action, devices[action.Other % devices.Count]);
            }

            var union = new List<OperationRecord>();
            foreach (var store in stores)
            {
                union.AddRange((await store.SyncLedger.ReadLogAsync()).Select(logged => logged.Record));
            }

            var random = new Random(scenario.Seed);
            var expected = await FreshExportAsync(directories, stores, Shuffle(union, random, duplicates: true), batches: 1);
            var other = await FreshExportAsync(directories, stores, Shuffle(union, random, duplicates: true), batches: 4);
            if (expected != other)
            {
                return false;
            }

            foreach (var store in stores)
            {
                await store.ApplyAsync(Shuffle(union, random, duplicates: false));
                if ((await StateReader.ReadAsync(store)).ToJson() != expected)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            stores.ForEach(store => store.Dispose());
            directories.ForEach(directory => directory.Dispose());
        }
    }

    private static async Task<string> FreshExportAsync(List<TestDataDirectory> directories, List<DataansStore> stores, List<OperationRecord> records, int batches)
    {
        var directory = new TestDataDirectory();
        directories.Add(directory);
        var store = await directory.OpenStoreAsync();
        stores.Add(store);
        var size = Math.Max(1, (records.Count + batches - 1) / batches);
        foreach (var chunk in records.Chunk(size))
        {
            await store.ApplyAsync(chunk);
        }

        return (await StateReader.ReadAsync(store)).ToJson();
    }

    private static List<OperationRecord> Shuffle(List<OperationRecord> records, Random random, bool duplicates)
    {
        var result = new List<OperationRecord>(records);
        if (duplicates && records.Count > 0)
        {
            for (var i = 0; i < records.Count / 5 + 1; i++)
            {
                result.Add(records[random.Next(records.Count)]);
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
        return result;
    }

    public sealed record Scenario(int DeviceCount, int[] SkewSeconds, DeviceAction[] Actions, int Seed)
    {
        public override string ToString() =>
            $"{DeviceCount} devices, skews [{string.Join(", ", SkewSeconds)}] s, seed {Seed}, actions: {string.Join("; ", Actions.Select(a => a.ToString()))}";
    }

    public sealed record DeviceAction(ActionKind Kind, int Device, int Other, int Target, int Argument);

    public enum ActionKind
    {
        CreateSpace,
        CreateNote,
        EditNote,
        DeleteNote,
        DeleteSpace,
        RenameSpace,
        SeeOtherDevice,
        RestoreVersion,
    }

    public static class ScenarioArbitrary
    {
        public static Arbitrary<Scenario> Scenarios()
        {
            var action =
                from kind in Gen.Frequency(
                    (3, Gen.Constant(ActionKind.CreateSpace)),
                    (6, Gen.Constant(ActionKind.CreateNote)),
                    (6, Gen.Constant(ActionKind.EditNote)),
                    (2, Gen.Constant(ActionKind.DeleteNote)),
                    (1, Gen.Constant(ActionKind.DeleteSpace)),
                    (2, Gen.Constant(ActionKind.RenameSpace)),
                    (4, Gen.Constant(ActionKind.SeeOtherDevice)),
                    (1, Gen.Constant(ActionKind.RestoreVersion)))
                from device in Gen.Choose(0, 4)
                from other in Gen.Choose(0, 4)
                from target in Gen.Choose(0, 1000)
                from argument in Gen.Choose(0, 1000)
                select new DeviceAction(kind, device, other, target, argument);
            var scenario =
                from devices in Gen.Choose(3, 5)
                from skews in Gen.ArrayOf(Gen.Choose(-3600, 3600), 5)
                from actions in Gen.ListOf(action).Select(list => list.Take(40).ToArray())
                from seed in Gen.Choose(0, int.MaxValue)
                select new Scenario(devices, skews, actions, seed);
            return scenario.ToArbitrary();
        }
    }

    private sealed class SimulatedDevice(DataansStore store)
    {
        public DataansStore Store => store;

        public async Task PerformAsync(DeviceAction action, SimulatedDevice other)
        {
            var spaces = await store.ListSpacesAsync();
            switch (action.Kind)
            {
                case ActionKind.CreateSpace:
                    await store.CreateSpaceAsync($"space {action.Argument}");
                    break;
                case ActionKind.CreateNote when spaces.Count > 0:
                    await store.CreateNoteAsync(spaces[action.Target % spaces.Count].Id, $"note {action.Argument} 東京で会議");
                    break;
                case ActionKind.EditNote when await PickNoteAsync(spaces, action.Target) is { } note:
                    await store.UpdateNoteAsync(note, $"edit {action.Argument}");
                    break;
                case ActionKind.DeleteNote when await PickNoteAsync(spaces, action.Target) is { } note:
                    await store.DeleteNoteAsync(note);
                    break;
                case ActionKind.DeleteSpace when spaces.Count > 0:
                    await store.DeleteSpaceAsync(spaces[action.Target % spaces.Count].Id);
                    break;
                case ActionKind.RenameSpace when spaces.Count > 0:
                    await store.RenameSpaceAsync(spaces[action.Target % spaces.Count].Id, $"renamed {action.Argument}");
                    break;
                case ActionKind.SeeOtherDevice when other != this:
                    await store.ApplyAsync((await other.Store.SyncLedger.ReadLogAsync()).Select(logged => logged.Record).ToList());
                    break;
                case ActionKind.RestoreVersion when await PickNoteAsync(spaces, action.Target) is { } note:
                    var history = await store.GetHistoryAsync(note);
                    await store.RestoreVersionAsync(note, history[action.Argument % history.Count].OperationId);
                    break;
                default:
                    break;
            }
        }

        private async Task<Guid?> PickNoteAsync(IReadOnlyList<Model.Space> spaces, int target)
        {
            if (spaces.Count == 0)
            {
                return null;
            }

            var notes = await store.ListNotesAsync(spaces[target % spaces.Count].Id, 100);
            return notes.Count == 0 ? null : notes[target % notes.Count].Id;
        }
    }
}
