using Dataans.Contracts.Operations;

namespace Dataans.Core.Storage;

/// <summary>An operation as the local log holds it, with its seed digest.</summary>
internal sealed record LoggedOperation(long Sequence, OperationRecord Record, byte[] Digest);
