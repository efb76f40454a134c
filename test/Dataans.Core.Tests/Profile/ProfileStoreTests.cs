using System.Runtime.Versioning;
using System.Text;
using Dataans.Core.Crypto;
using Dataans.Core.Profile;

namespace Dataans.Core.Tests.Profile;

[UnsupportedOSPlatform("windows")] // Unix file modes are part of what these tests check.
public sealed class ProfileStoreTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("dataans-profile-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task LoadAsync_NoFile_ReturnsNullForSignedOut() => Assert.Null(await new ProfileStore(_dataDir).LoadAsync());

    [Fact]
    public async Task SaveAsync_ThenLoad_GivesTheSameProfileAtTheDocumentedPath()
    {
        var store = new ProfileStore(_dataDir);

        await store.SaveAsync(ProfileSamples.Sample());

        Assert.Equal(Path.Combine(_dataDir, "profile", "profile.json"), store.FilePath);
        Assert.Equal(ProfileSamples.Sample(), await store.LoadAsync());
    }

    [Fact]
    public async Task SaveAsync_OnUnix_FileIs0600AndFolder0700()
    {
        var store = new ProfileStore(_dataDir);

        await store.SaveAsync(ProfileSamples.Sample());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.DirectoryPath));
    }

    [Fact]
    public async Task SaveAsync_BeforeTheRename_TempFileIsPrivateAndOldProfileIntact()
    {
        var old = new ProfileStore(_dataDir);
        await old.SaveAsync(ProfileSamples.Sample("old"));
        UnixFileMode? tempMode = null;
        UserProfile? seenDuringWrite = null;
        var store = new ProfileStore(_dataDir)
        {
            BeforeReplace = async (temp, ct) =>
            {
                tempMode = File.GetUnixFileMode(temp);
                seenDuringWrite = await old.LoadAsync(ct);
            },
        };

        await store.SaveAsync(ProfileSamples.Sample("new"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, tempMode);
        Assert.Equal("old", seenDuringWrite!.AuthToken);
        Assert.Equal("new", (await store.LoadAsync())!.AuthToken);
        Assert.Equal(["profile.json"], Directory.GetFiles(store.DirectoryPath).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_FailsBeforeTheRename_KeepsTheOldProfileAndNoTempFile()
    {
        await new ProfileStore(_dataDir).SaveAsync(ProfileSamples.Sample("old"));
        var store = new ProfileStore(_dataDir) { BeforeReplace = (_, _) => throw new IOException("disk full") };

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(ProfileSamples.Sample("new")));

        Assert.Equal("old", (await store.LoadAsync())!.AuthToken);
        Assert.Equal(["profile.json"], Directory.GetFiles(store.DirectoryPath).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentWrites_LeaveOneCompleteProfile()
    {
        var store = new ProfileStore(_dataDir);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.SaveAsync(ProfileSamples.Sample($"token-{i}")))));

        var loaded = await store.LoadAsync();
        Assert.Matches("^token-[0-9]+$", loaded!.AuthToken);
        Assert.Single(Directory.GetFiles(store.DirectoryPath));
    }

    [Fact]
    public async Task LoadAsync_LooseFileMode_IsTightenedTo0600()
    {
        var store = new ProfileStore(_dataDir);
        await store.SaveAsync(ProfileSamples.Sample());
        File.SetUnixFileMode(store.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        await store.LoadAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public async Task LoadAsync_EveryPrefixOfAValidFile_ThrowsCorruptAndLeavesTheFile()
    {
        var store = new ProfileStore(_dataDir);
        await store.SaveAsync(ProfileSamples.Sample());
        var valid = await File.ReadAllBytesAsync(store.FilePath);

        for (var length = 0; length < valid.Length; length++)
        {
            await File.WriteAllBytesAsync(store.FilePath, valid[..length]);

            var error = await Assert.ThrowsAsync<ProfileCorruptException>(() => store.LoadAsync());

            Assert.Equal(store.FilePath, error.FilePath);
            Assert.Equal(valid[..length], await File.ReadAllBytesAsync(store.FilePath));
        }
    }

    [Fact]
    public async Task LoadAsync_OversizedFile_ThrowsCorrupt()
    {
        var store = new ProfileStore(_dataDir);
        await store.SaveAsync(ProfileSamples.Sample());
        var json = await File.ReadAllTextAsync(store.FilePath);
        await File.WriteAllTextAsync(store.FilePath, json.Insert(1, new string(' ', ProfileStore.MaxFileSize)));

        var error = await Assert.ThrowsAsync<ProfileCorruptException>(() => store.LoadAsync());

        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CorruptFile_MessageNamesTheProblemButNoSecret()
    {
        var store = new ProfileStore(_dataDir);
        Directory.CreateDirectory(store.DirectoryPath);
        await File.WriteAllTextAsync(store.FilePath, """{"auth_token":"SECRET-TOKEN","secret_key":[1,2,3],"salt":"Secret-Phrase","sync_config":{"url":"https://x/","mode":"Manual"}}""");

        var error = await Assert.ThrowsAsync<ProfileCorruptException>(() => store.LoadAsync());

        Assert.Contains("secret_key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-Phrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_SignsOutAndRemovesLeftoverTempFiles()
    {
        var store = new ProfileStore(_dataDir);
        await store.SaveAsync(ProfileSamples.Sample());
        await File.WriteAllTextAsync(Path.Combine(store.DirectoryPath, ".profile.json.crashed.tmp"), "{");

        Assert.True(await store.DeleteAsync());

        Assert.Null(await store.LoadAsync());
        Assert.Empty(Directory.GetFiles(store.DirectoryPath));
        Assert.False(await store.DeleteAsync());
    }

    [Fact]
    public async Task SaveAsync_FileText_IsCompactUtf8WithoutSecretsInToString()
    {
        var store = new ProfileStore(_dataDir);

        await store.SaveAsync(ProfileSamples.Sample());

        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(store.FilePath));
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.StartsWith("{\"auth_token\":\"token-1\",\"secret_key\":[200,201,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-1", ProfileSamples.Sample().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Amber", ProfileSamples.Sample().ToString(), StringComparison.Ordinal);
    }
}
