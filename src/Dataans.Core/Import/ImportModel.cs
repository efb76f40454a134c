using Dataans.Contracts;

namespace Dataans.Core.Import;

/// <summary>Everything an import file holds, validated and normalized, ready to be written.</summary>
internal sealed class ImportSet
{
    public List<ImportSpace> Spaces { get; } = [];

    public List<ImportNote> Notes { get; } = [];

    /// <summary>Attachments and avatars by id, each once.</summary>
    public Dictionary<Guid, ImportFile> Files { get; } = [];
}

internal sealed record ImportSpace(Guid Id, string Name, Guid AvatarId, Timestamp CreatedAt, Timestamp UpdatedAt);

internal sealed record ImportNote(Guid Id, Guid SpaceId, string Text, Timestamp CreatedAt, Timestamp UpdatedAt, IReadOnlyList<Guid> FileIds);

/// <param name="Path">A plain file name in the files folder, starting with the file's id.</param>
/// <param name="DataPath">The full path of the bytes beside the import file (checked), if it has them.</param>
/// <param name="GenerateAvatar">An avatar without bytes: generate one so no space lacks a picture.</param>
internal sealed record ImportFile(Guid Id, string Name, string Path, Timestamp CreatedAt, Timestamp UpdatedAt, string? DataPath, bool GenerateAvatar);
