using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

/// <summary>One write transaction: the SQL batch, the applier and the hybrid logical clock. Not thread-safe.</summary>
internal sealed class LocalWriter(SqlBatch batch, OperationApplier applier, HybridClock clock, Timestamp lastSeen)
{
    public SqlBatch Batch => batch;

    public OperationApplier Applier => applier;

    public Timestamp LastSeen { get; private set; } = lastSeen;

    /// <summary>A time later than everything this device has issued or seen.</summary>
    public Timestamp NextTime()
    {
        LastSeen = clock.Next(LastSeen);
        return LastSeen;
    }

    public void Observe(Timestamp time)
    {
        if (time > LastSeen)
        {
            LastSeen = time;
        }
    }

    /// <summary>Logs and applies a new local operation at <paramref name="time"/>.</summary>
    public OperationRecord Emit(Operation operation, Timestamp time)
    {
        var record = new OperationRecord(Guid.NewGuid(), time, operation);
        applier.Apply(record, isLocal: true);
        return record;
    }
}
