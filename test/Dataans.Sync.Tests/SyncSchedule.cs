using FsCheck;
using FsCheck.Fluent;

namespace Dataans.Sync.Tests;

/// <summary>What one step of a schedule does: a change on one device, or one or more syncs.</summary>
internal enum StepKind
{
    CreateSpace,
    CreateNote,
    CreateNoteWithFiles,
    EditNote,
    DeleteNote,
    DeleteSpace,
    RenameSpace,
    Sync,
    SyncRepeatedly,
    SyncTogether,
    SyncVerify,
    SyncV1,
}

/// <param name="Device">The device that acts (modulo the device count).</param>
/// <param name="Other">The second device of <see cref="StepKind.SyncTogether"/>.</param>
/// <param name="Target">Picks the space or note among those the device can see.</param>
/// <param name="Argument">Seeds names, texts and attachment bytes; repetitions of SyncRepeatedly.</param>
internal sealed record Step(StepKind Kind, int Device, int Other, int Target, int Argument)
{
    public bool IsSync => Kind >= StepKind.Sync;

    public override string ToString() => Kind switch
    {
        StepKind.SyncTogether => $"{Kind}(d{Device}, d{Other})",
        StepKind.SyncRepeatedly => $"{Kind}(d{Device} x{2 + (Argument % 2)})",
        _ when IsSync => $"{Kind}(d{Device})",
        _ => $"{Kind}(d{Device}, target {Target}, arg {Argument})",
    };
}

/// <summary>
/// A random sync schedule: 3–5 devices with skewed clocks make changes while offline, then changes
/// and syncs interleave (a device may sync several times between others' changes, two devices may
/// sync at the same moment). Device numbers are already reduced modulo <see cref="DeviceCount"/>.
/// </summary>
internal sealed record Schedule(int DeviceCount, int[] SkewSeconds, Step[] Offline, Step[] Online)
{
    public static Arbitrary<Schedule> Arbitrary { get; } = Generate().ToArbitrary();

    public override string ToString() =>
        $"{DeviceCount} devices, clock skews [{string.Join(", ", SkewSeconds)}] s; "
        + $"offline: [{string.Join("; ", Offline.AsEnumerable())}]; online: [{string.Join("; ", Online.AsEnumerable())}]";

    private static Gen<Schedule> Generate()
    {
        var change = Gen.Frequency(
            (4, Gen.Constant(StepKind.CreateSpace)),
            (6, Gen.Constant(StepKind.CreateNote)),
            (2, Gen.Constant(StepKind.CreateNoteWithFiles)),
            (9, Gen.Constant(StepKind.EditNote)),
            (2, Gen.Constant(StepKind.DeleteNote)),
            (1, Gen.Constant(StepKind.DeleteSpace)),
            (2, Gen.Constant(StepKind.RenameSpace)));
        var sync = Gen.Frequency(
            (8, Gen.Constant(StepKind.Sync)),
            (2, Gen.Constant(StepKind.SyncRepeatedly)),
            (2, Gen.Constant(StepKind.SyncTogether)),
            (1, Gen.Constant(StepKind.SyncVerify)),
            (1, Gen.Constant(StepKind.SyncV1)));
        var online = Gen.Frequency((3, change), (2, sync));
        return
            from devices in Gen.Choose(3, 5)
            from skews in Gen.ArrayOf(Gen.Choose(-3600, 3600), devices)
            from offlineCount in Gen.Choose(0, 20)
            from offline in Gen.ArrayOf(StepOf(change, devices), offlineCount)
            from onlineCount in Gen.Choose(0, 40)
            from steps in Gen.ArrayOf(StepOf(online, devices), onlineCount)
            select new Schedule(devices, skews, offline, steps);
    }

    private static Gen<Step> StepOf(Gen<StepKind> kinds, int devices) =>
        from kind in kinds
        from device in Gen.Choose(0, devices - 1)
        from offset in Gen.Choose(1, devices - 1)
        from target in Gen.Choose(0, 1000)
        from argument in Gen.Choose(0, 1_000_000)
        select new Step(kind, device, (device + offset) % devices, target, argument);
}

/// <summary>A device clock that is off by a fixed amount (up to an hour either way in these tests).</summary>
internal sealed class SkewedClock(TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + skew;
}
