using Dataans.Contracts.Sync;

namespace Dataans.Server.Storage;

/// <summary>A push with repeated ids folded: same id and checksum counts once, a different checksum conflicts.</summary>
internal sealed record PushBatch(IReadOnlyList<PushOperation> Unique, int InBatchDuplicates)
{
    /// <exception cref="OperationConflictException">The batch names one id with two checksums.</exception>
    public static PushBatch Create(IReadOnlyList<PushOperation> operations)
    {
        var seen = new Dictionary<Guid, PushOperation>(operations.Count);
        var unique = new List<PushOperation>(operations.Count);
        var duplicates = 0;
        foreach (var operation in operations)
        {
            if (seen.TryGetValue(operation.Id, out var earlier))
            {
                if (!earlier.Checksum.AsSpan().SequenceEqual(operation.Checksum))
                {
                    throw new OperationConflictException(operation.Id);
                }

                duplicates++;
                continue;
            }

            seen.Add(operation.Id, operation);
            unique.Add(operation);
        }

        return new PushBatch(unique, duplicates);
    }
}

internal static class VerifierWrites
{
    public static VerifierWrite Decide(string? current, string verifier, bool replace) => current switch
    {
        null => VerifierWrite.Created,
        _ when string.Equals(current, verifier, StringComparison.Ordinal) => VerifierWrite.Unchanged,
        _ when replace => VerifierWrite.Replaced,
        _ => VerifierWrite.Conflict,
    };
}
