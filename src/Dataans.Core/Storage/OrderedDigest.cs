namespace Dataans.Core.Storage;

/// <summary>
/// One logged operation in the seed's order: its id, its seed digest, and whether the server holds
/// its keyed checksum instead of the seed digest (see <c>OperationChecksum</c>).
/// </summary>
internal readonly record struct OrderedDigest(Guid Id, byte[] Digest, bool Keyed);
