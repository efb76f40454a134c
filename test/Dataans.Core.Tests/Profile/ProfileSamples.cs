using Dataans.Core.Crypto;
using Dataans.Core.Profile;

namespace Dataans.Core.Tests.Profile;

internal static class ProfileSamples
{
    internal static UserProfile Sample(string token = "token-1") => new()
    {
        ServerUrl = new Uri("https://sync.example.org/"),
        SyncMode = SyncMode.Auto,
        AuthMode = AuthMode.Token,
        AuthToken = token,
        SecretKey = new EncryptionKey(Enumerable.Range(200, 32).Select(i => (byte)i).ToArray()),
        Passphrase = "Amber-Falcon-Quiet-River-Stone",
        SyncCursor = 42,
        SyncEpoch = "epoch-7",
    };
}
