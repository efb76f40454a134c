using Dataans.Contracts;

namespace Dataans.Core.Model;

/// <summary>A visible space. <see cref="AvatarPath"/> is relative to the files folder (null if unknown).</summary>
public sealed record Space(Guid Id, string Name, Guid AvatarId, string? AvatarPath, Timestamp CreatedAt, Timestamp UpdatedAt);

/// <summary>A visible note with its attachments in their stored order.</summary>
public sealed record Note(
    Guid Id,
    Guid SpaceId,
    string Text,
    Timestamp CreatedAt,
    Timestamp UpdatedAt,
    IReadOnlyList<FileAttachment> Files,
    bool HasConflict)
{
    /// <summary>True when the note was edited after it was written.</summary>
    public bool IsEdited => UpdatedAt != CreatedAt;
}

/// <summary>A file known to the store. <see cref="Path"/> is relative to the files folder.</summary>
public sealed record FileAttachment(Guid Id, string Name, string Path, bool IsUploaded, long? Size, FileStatus Status);

/// <summary>Where a file's bytes are: here, on the server, both, or nowhere (names as in the original app).</summary>
public enum FileStatus
{
    /// <summary>The bytes are on this device and on the server.</summary>
    ExistAndUploaded,
    /// <summary>The bytes are on this device only (not uploaded yet).</summary>
    ExistAndNotUploaded,
    /// <summary>The bytes are on the server only (not downloaded yet).</summary>
    NotExistAndUploaded,
    /// <summary>Nobody has uploaded the bytes yet.</summary>
    NotExistAndNotUploaded,
}

/// <summary>A file to attach to a new note: its original name and where to read its bytes.</summary>
public sealed record AttachmentSource(string Name, Func<CancellationToken, Task<Stream>> OpenAsync)
{
    /// <summary>An attachment read from a file on disk, named as the file is.</summary>
    public static AttachmentSource FromPath(string path) =>
        new(System.IO.Path.GetFileName(path), _ => Task.FromResult<Stream>(File.OpenRead(path)));
}
