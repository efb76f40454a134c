using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// This device's id (meta <c>device_id</c>, made on the first write) and the <c>devices</c> table: the
/// name each device is known by, taken from its newest operation or set here. Thread-safe (stateless).
/// </summary>
internal static class DeviceRows
{
    private const string DeviceIdKey = "device_id";

    /// <summary>This device's id, made (with the host name as its name) the first time a write asks.</summary>
    public static Guid LocalId(SqlBatch batch)
    {
        if (MetaTable.Get(batch, DeviceIdKey) is { } text && Guid.TryParse(text, out var id))
        {
            return id;
        }

        id = Guid.NewGuid();
        MetaTable.Set(batch, DeviceIdKey, id.ToString());
        Learn(batch, new OperationDevice(id, DefaultName()), Timestamp.MinValue);
        return id;
    }

    /// <summary>This device's id if a write has made it already, else null (read transactions never make it).</summary>
    public static Guid? FindLocalId(SqlBatch batch) =>
        MetaTable.Get(batch, DeviceIdKey) is { } text && Guid.TryParse(text, out var id) ? id : null;

    /// <summary>The name of the computer, as a device name ("this computer" when it has none).</summary>
    public static string DefaultName() => OperationDevice.CleanName(Environment.MachineName) ?? "this computer";

    /// <summary>Keeps <paramref name="device"/>'s name unless a name from a later time is known.</summary>
    public static void Learn(SqlBatch batch, OperationDevice device, Timestamp time) =>
        batch.Execute(
            """
            INSERT INTO devices (id, name, named_at) VALUES (@id, @name, @named_at)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, named_at = excluded.named_at
            WHERE excluded.named_at > devices.named_at
            """,
            ("@id", DbValue.Id(device.Id)),
            ("@name", device.Name),
            ("@named_at", time.UnixNanoseconds));

    /// <summary>The name of the device with this id, or null when none is known.</summary>
    public static string? Name(SqlBatch batch, Guid id) =>
        batch.Scalar("SELECT name FROM devices WHERE id = @id", ("@id", DbValue.Id(id))) as string;
}
