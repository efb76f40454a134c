using System.Security.Cryptography;
using System.Text;

namespace Dataans.Server.Storage;

/// <summary>Encodings shared by the backends.</summary>
internal static class StorageNames
{
    /// <summary>
    /// A path segment for a user name: the name itself when it is made of <c>[A-Za-z0-9_@-]</c> and
    /// dots (not leading), otherwise <c>~</c> + the hex SHA-256 of the name. The two forms never collide.
    /// </summary>
    public static string UserSegment(string user)
    {
        var safe = user.Length is > 0 and <= 64 && user[0] != '.'
            && user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '-' or '.');
        return safe ? user : Hashed(user);
    }

    private static string Hashed(string user) => "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..40];

    /// <summary>
    /// A folder name for a user in the folder file store. It must be unique on case-insensitive file
    /// systems too (macOS, Windows, a mounted share), where <c>Alice</c> and <c>alice</c> would be one
    /// folder: so the name itself only when it has no capital letters (otherwise the hashed form, whose hex
    /// is lower case), and the two forms never collide.
    /// </summary>
    public static string FolderSegment(string user) =>
        user.Any(char.IsAsciiLetterUpper) ? Hashed(user) : UserSegment(user);

    /// <summary>The 16 RFC 4122 bytes of a UUID, big-endian, so that byte order is UUID order.</summary>
    public static byte[] IdBytes(Guid id) => id.ToByteArray(bigEndian: true);

    public static Guid IdFromBytes(byte[] bytes) => new(bytes, bigEndian: true);

    public static string NewEpoch() => Guid.NewGuid().ToString("N");
}
