namespace Dataans.Server.Storage;

/// <summary>A known operation id was pushed with a different checksum.</summary>
internal sealed class OperationConflictException(Guid id)
    : Exception($"Operation {id} is already stored with a different checksum.")
{
    public Guid OperationId { get; } = id;
}
