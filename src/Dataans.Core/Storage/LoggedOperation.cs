using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// An operation as the local log holds it: its id, time, the operation JSON written once when it was
/// applied (pushed as is, never re-serialized), its seed digest and the device that wrote it (when known).
/// </summary>
internal sealed record LoggedOperation(long Sequence, Guid Id, Timestamp CreatedAt, string OperationJson, byte[] Digest, OperationDevice? Device = null)
{
    /// <summary>The record parsed from the stored JSON (for readers that need the operation itself).</summary>
    public OperationRecord Record => new(Id, CreatedAt, Contracts.Operations.OperationJson.Deserialize(OperationJson)) { Device = Device };
}
