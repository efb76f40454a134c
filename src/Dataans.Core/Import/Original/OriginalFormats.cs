using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;

namespace Dataans.Core.Import.Original;

/// <summary>Constants of the original app's data and the rules that map its file paths to ours. Thread-safe.</summary>
internal static class OriginalFormats
{
    /// <summary>The id the original before 0.3 gave its one shared default-avatar file row.</summary>
    public static readonly Guid DefaultAvatarId = new("54d49bda-644e-44a9-a1ad-4a8fa5f368a5");

    /// <summary>The pseudo path of the built-in default avatar (a static asset of the original's UI, no file).</summary>
    public const string DefaultAvatarPath = "/public/default_space_avatar.png";

    /// <summary>The time <c>20250622082123_sync_support</c> gave files that existed before it (<c>created_at</c>, <c>updated_at</c>).</summary>
    public static readonly Timestamp FilesDefaultTime = Timestamp.Parse("2024-06-14T22:32:08.134275686Z");

    /// <summary>One microsecond: synthetic operations are spaced by it, as the original's server keeps microseconds.</summary>
    public const long Microsecond = 1_000;

    /// <summary>
    /// Where a file of the original keeps its bytes and the plain name it gets in our files folder:
    /// a plain name (0.3) lives in <c>files/</c>; an absolute path (before 0.3) ends in <c>files/NAME</c> or
    /// <c>images/NAME</c> of the installation it was written on, and only that last name is used, inside
    /// this installation; the default-avatar pseudo path has no bytes. Anything else tries to leave the folder.
    /// </summary>
    /// <exception cref="ImportException">The path is neither of these.</exception>
    public static (string StoredPath, string? Source) MapPath(OriginalLocation location, Guid fileId, string path)
    {
        if (path == DefaultAvatarPath)
        {
            return (path, null);
        }

        if (OriginalConfig.IsPlainFileName(path))
        {
            return (path, Path.Combine(location.FilesFolder, path));
        }

        var segments = path.Split('/', '\\');
        var rooted = path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\');
        if (rooted && segments.Length >= 3 && !segments.Contains("..") && !path.Any(char.IsControl) && OriginalConfig.IsPlainFileName(segments[^1]))
        {
            switch (segments[^2])
            {
                case "files":
                    return (segments[^1], Path.Combine(location.FilesFolder, segments[^1]));
                case "images":
                    return (segments[^1], Path.Combine(location.ImagesFolder, segments[^1]));
            }
        }

        throw new ImportException($"The original database's file '{fileId}' has a path that leaves its files folder, which no version of the original writes.");
    }

    /// <summary>A path an original operation may carry: a plain file name or the default-avatar pseudo path.</summary>
    public static bool IsOperationPath(string path) => path == DefaultAvatarPath || OriginalConfig.IsPlainFileName(path);

    /// <summary>
    /// The id of an operation made up for a row the original logged none for: a UUIDv8 from a SHA-256 of
    /// the kind, object, time and payload, so importing the same data again (on any device) gives the same id.
    /// </summary>
    public static Guid SyntheticId(Operation operation, Timestamp time)
    {
        var text = $"dataans-original-import/1\n{operation.Kind}\n{operation.ObjectId:D}\n{time.UnixNanoseconds}\n{OperationJson.Serialize(operation)}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
