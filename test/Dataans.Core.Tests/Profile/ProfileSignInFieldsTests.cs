using System.Text;
using Dataans.Core.Profile;

namespace Dataans.Core.Tests.Profile;

/// <summary>The additive sign-in fields of profile.json: <c>oidc</c> and <c>sign_in_required</c>.</summary>
public sealed class ProfileSignInFieldsTests
{
    [Fact]
    public void OidcSessionAndSignInRequired_SurviveARoundTrip_AndAreOmittedWhenUnset()
    {
        var session = new OidcSession
        {
            Issuer = new Uri("https://login.example.com/realms/notes"),
            ClientId = "dataans-app",
            Scope = "openid offline_access",
            Resource = "urn:dataans:sync",
            RefreshToken = "refresh-1",
            AccessTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000),
        };
        var profile = ProfileSamples.Sample() with { AuthMode = AuthMode.Oidc, Oidc = session, SignInRequired = true };

        var json = Encoding.UTF8.GetString(ProfileJson.Serialize(profile));
        var back = ProfileJson.Deserialize(Encoding.UTF8.GetBytes(json), "profile.json");

        Assert.Contains("\"oidc\":{\"issuer\":\"https://login.example.com/realms/notes\",\"client_id\":\"dataans-app\",\"scope\":\"openid offline_access\",\"resource\":\"urn:dataans:sync\",\"refresh_token\":\"refresh-1\",\"expires_at\":1800000000}", json, StringComparison.Ordinal);
        Assert.Contains("\"sign_in_required\":true", json, StringComparison.Ordinal);
        Assert.Equal(session, back.Oidc);
        Assert.True(back.SignInRequired);
        Assert.DoesNotContain("refresh-1", back.ToString(), StringComparison.Ordinal);
        var plain = Encoding.UTF8.GetString(ProfileJson.Serialize(ProfileSamples.Sample()));
        Assert.DoesNotContain("oidc", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("sign_in_required", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void OidcWithoutAnIssuer_IsReportedAsDamaged()
    {
        var json = Encoding.UTF8.GetString(ProfileJson.Serialize(ProfileSamples.Sample())).TrimEnd('}') + ",\"oidc\":{\"client_id\":\"x\"}}";

        var error = Assert.Throws<ProfileCorruptException>(() => ProfileJson.Deserialize(Encoding.UTF8.GetBytes(json), "profile.json"));

        Assert.Contains("oidc.issuer", error.Message, StringComparison.Ordinal);
    }
}
