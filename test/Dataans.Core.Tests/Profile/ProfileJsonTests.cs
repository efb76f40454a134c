using System.Text;
using System.Text.Json;
using Dataans.Core.Profile;

namespace Dataans.Core.Tests.Profile;

public sealed class ProfileJsonTests
{
    private const string Path = "/data/profile/profile.json";

    // reference §7.1: the original's compact profile.json.
    private const string OriginalProfile =
        """{"auth_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"salt":"Amber-Falcon-Quiet-River-Stone","sync_config":{"url":"https://backup.dataans.com/","mode":"Manual"}}""";

    [Fact]
    public void Deserialize_OriginalProfile_ReadsEveryFieldWithCloudflareAuth()
    {
        var profile = ProfileJson.Deserialize(Encoding.UTF8.GetBytes(OriginalProfile), Path);

        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", profile.AuthToken);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), profile.SecretKey.ToArray());
        Assert.Equal("Amber-Falcon-Quiet-River-Stone", profile.Passphrase);
        Assert.Equal(new Uri("https://backup.dataans.com/"), profile.ServerUrl);
        Assert.Equal(SyncMode.Manual, profile.SyncMode);
        Assert.Equal(AuthMode.Cloudflare, profile.AuthMode);
        Assert.Null(profile.SyncCursor);
        Assert.Null(profile.SyncEpoch);
    }

    [Fact]
    public void Serialize_KeepsTheOriginalFieldsFirstAndAddsOursAfter()
    {
        var json = ProfileJson.Serialize(ProfileSamples.Sample());

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["auth_token", "secret_key", "salt", "sync_config", "auth_mode", "sync_cursor", "sync_epoch"], names);
        Assert.Equal(32, document.RootElement.GetProperty("secret_key").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("secret_key")[0].ValueKind);
        Assert.Equal("Auto", document.RootElement.GetProperty("sync_config").GetProperty("mode").GetString());
        Assert.Equal("token", document.RootElement.GetProperty("auth_mode").GetString());
    }

    [Fact]
    public void Serialize_OriginalProfileRoundTrip_KeepsOriginalFieldsUnchanged()
    {
        var json = Encoding.UTF8.GetString(ProfileJson.Serialize(ProfileJson.Deserialize(Encoding.UTF8.GetBytes(OriginalProfile), Path)));

        Assert.Equal(OriginalProfile[..^1] + ""","auth_mode":"cloudflare"}""", json);
    }

    [Fact]
    public void Serialize_UnknownFieldsFromANewerVersion_AreKept()
    {
        var newer = OriginalProfile[..^1].Replace("\"mode\":\"Manual\"", "\"mode\":\"Manual\",\"interval\":30", StringComparison.Ordinal)
            + ""","device_name":"laptop","future":{"a":[1,2]}}""";

        var json = ProfileJson.Serialize(ProfileJson.Deserialize(Encoding.UTF8.GetBytes(newer), Path));

        using var document = JsonDocument.Parse(json);
        Assert.Equal("laptop", document.RootElement.GetProperty("device_name").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("future").GetProperty("a")[1].GetInt32());
        Assert.Equal(30, document.RootElement.GetProperty("sync_config").GetProperty("interval").GetInt32());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n", "empty")]
    [InlineData("[]", "JSON")]
    [InlineData("null", "JSON object")]
    [InlineData("{}", "auth_token")]
    [InlineData("""{"auth_token":"t","secret_key":[1],"salt":"s","sync_config":{"url":"https://x/","mode":"Manual"}}""", "secret_key")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,256],"salt":"s","sync_config":{"url":"https://x/","mode":"Manual"}}""", "secret_key")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,1.5],"salt":"s","sync_config":{"url":"https://x/","mode":"Manual"}}""", "JSON")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"sync_config":{"url":"https://x/","mode":"Manual"}}""", "salt")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"salt":"s","sync_config":{"url":"ftp://x/","mode":"Manual"}}""", "url")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"salt":"s","sync_config":{"url":"https://x/","mode":"Push"}}""", "mode")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"salt":"s","sync_config":{"url":"https://x/","mode":"Manual"},"auth_mode":"kerberos"}""", "auth_mode")]
    [InlineData("""{"auth_token":"a","auth_token":"b","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"salt":"s","sync_config":{"url":"https://x/","mode":"Manual"}}""", "JSON")]
    [InlineData("""{"auth_token":"t","secret_key":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"salt":"s","sync_config":{"url":"https://x/","mode":"Manual"}} {}""", "JSON")]
    public void Deserialize_InvalidProfile_ThrowsCorruptNamingTheProblem(string json, string expectedInMessage)
    {
        var error = Assert.Throws<ProfileCorruptException>(() => ProfileJson.Deserialize(Encoding.UTF8.GetBytes(json), Path));

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.Contains(Path, error.Message, StringComparison.Ordinal);
    }
}
