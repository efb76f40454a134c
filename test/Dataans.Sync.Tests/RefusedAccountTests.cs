using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>An identity the server does not admit (issue 14, item 3) is told why when it signs in, and nothing is kept.</summary>
public sealed class RefusedAccountTests
{
    [Fact]
    public async Task SignInOfAnIdentityOffTheAllowList_SaysSo_AndKeepsNoProfile()
    {
        const string Audience = "dataans-gate-aud";
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer, "--allow-users", "alice");
        await using var device = await Device.CreateAsync();

        var error = await Assert.ThrowsAsync<SyncException>(() => device.Account.SignInAsync(server.BaseAddress, idp.Token("mallory", Audience), "pw", null));

        Assert.Equal(SyncFailure.Unauthorized, error.Failure);
        Assert.Equal("The sync server refused this account: This account is not on this sync server's allow-list; ask its operator.", error.Message);
        Assert.Null(await device.Profiles.LoadAsync());
    }
}
