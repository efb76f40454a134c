using System.Security.Cryptography;
using System.Text;

namespace Dataans.Core.Tests.Inbox;

/// <summary>The fixed inputs of the sealed-item vector in docs/formats.md.</summary>
internal static class InboxVectors
{
    public static readonly byte[] RecipientD = SHA256.HashData(Encoding.ASCII.GetBytes("dataans inbox vector recipient"));
    public static readonly byte[] EphemeralD = SHA256.HashData(Encoding.ASCII.GetBytes("dataans inbox vector ephemeral"));
    public static readonly Guid ItemId = Guid.Parse("0190b6d2-7a3c-7e11-9c3a-5d4f2e1b0a99");
    public static readonly byte[] Content = Encoding.ASCII.GetBytes("Dataans inbox test vector");
}
