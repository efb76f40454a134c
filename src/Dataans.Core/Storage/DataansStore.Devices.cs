using Dataans.Contracts.Operations;

namespace Dataans.Core.Storage;

/// <summary>This device as other devices see it: its random id and the name it gives its operations.</summary>
/// <param name="Id">The device's id (kept in the data folder's database, made on first use).</param>
/// <param name="Name">Its name: the computer's host name until the user sets another.</param>
public sealed record DeviceIdentity(Guid Id, string Name);

public sealed partial class DataansStore
{
    /// <summary>This device's id and name (making the id on first use).</summary>
    public Task<DeviceIdentity> GetThisDeviceAsync(CancellationToken cancellationToken = default) =>
        Transactions.WriteAsync(
            (writer, _) =>
            {
                var id = DeviceRows.LocalId(writer.Batch);
                return new DeviceIdentity(id, DeviceRows.Name(writer.Batch, id) ?? DeviceRows.DefaultName());
            },
            cancellationToken);

    /// <summary>
    /// Names this device. Other devices learn the name with its next operation that syncs, and show it for
    /// every version this device wrote.
    /// </summary>
    /// <exception cref="ArgumentException">The name has no visible character.</exception>
    public Task<DeviceIdentity> RenameThisDeviceAsync(string name, CancellationToken cancellationToken = default)
    {
        var cleaned = OperationDevice.CleanName(name)
            ?? throw new ArgumentException("A device name needs at least one visible character.", nameof(name));
        return Transactions.WriteAsync(
            (writer, _) =>
            {
                var id = DeviceRows.LocalId(writer.Batch);
                DeviceRows.Learn(writer.Batch, new OperationDevice(id, cleaned), writer.NextTime());
                return new DeviceIdentity(id, cleaned);
            },
            cancellationToken);
    }
}
