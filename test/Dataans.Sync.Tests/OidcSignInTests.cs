using System.Net;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// OpenID Connect sign-in against a real provider (oidc-provider) and a real dataans-server in oidc
/// mode: the browser flow with PKCE and a loopback redirect, silent renewal of short-lived access
/// tokens, and "sign in again" (keeping the key) when the provider ends the session.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const int AccessTokenSeconds = 20;
    private OidcProvider _provider = null!;
    private ServerInstance _server = null!;
    private Device _device = null!;

    private OidcSettings Settings => new(_provider.Issuer, OidcProvider.ClientId, OidcProvider.Scope, OidcProvider.Resource);

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync(AccessTokenSeconds);
        _server = await ServerInstance.StartAsync(_provider.ServerArgs);
        _device = await Device.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task BrowserSignIn_GivesAJwtTheServerAccepts_AndARefreshToken()
    {
        using var browser = OidcProvider.NewBrowser();
        Uri? opened = null;

        var credential = await OidcSignIn.SignInAsync(Settings, page => OidcProvider.CompleteSignInAsync(browser, opened = page, "alice"), TimeSpan.FromSeconds(60));
        var outcome = await _device.Account.SignInAsync(_server.BaseAddress, credential, _ => Task.FromResult(new KeySecrets("pw", null)));

        // The system browser is sent to the issuer (the request itself was pushed with PAR, PKCE inside:
        // the provider refuses a public client without PKCE).
        Assert.Equal(_provider.Issuer.GetLeftPart(UriPartial.Authority), opened!.GetLeftPart(UriPartial.Authority));
        Assert.Equal(3, credential.AccessToken.Split('.').Length); // a JWT, validated by the server itself
        Assert.NotNull(credential.Oidc?.RefreshToken);
        Assert.True(outcome.GeneratedPassphrase);
        var saved = await _device.Profiles.LoadAsync();
        Assert.Equal(AuthMode.Oidc, saved!.AuthMode);
        Assert.Equal(credential.Oidc!.RefreshToken, saved.Oidc!.RefreshToken);
        await _device.Store.CreateSpaceAsync("Via OpenID");
        Assert.True((await _device.Engine.SyncAsync()).Success);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRenewedSilently_AndSyncGoesOn()
    {
        await SignInAsync(_device, "bob");
        var first = (await _device.Profiles.LoadAsync())!;
        await WaitUntilTheServerRefusesAsync(first.AuthToken);

        await _device.Store.CreateSpaceAsync("After expiry");
        var result = await _device.Engine.SyncAsync();

        Assert.True(result.Success, result.Message);
        var renewed = (await _device.Profiles.LoadAsync())!;
        Assert.NotEqual(first.AuthToken, renewed.AuthToken);
        Assert.Equal(first.SecretKey.ToArray(), renewed.SecretKey.ToArray());
        Assert.False(renewed.SignInRequired);
    }

    [Fact]
    public async Task RefusedAccessToken_ThatLooksValidHere_IsRenewedOnce_AndTheSyncRetried()
    {
        await SignInAsync(_device, "dan");
        var first = (await _device.Profiles.LoadAsync())!;
        await WaitUntilTheServerRefusesAsync(first.AuthToken);
        // This device's clock (or the issuer's expiry) disagrees with the server: no renewal ahead of time.
        await _device.Profiles.SaveAsync(first with { Oidc = first.Oidc! with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1) } });

        var result = await _device.Engine.SyncAsync();

        Assert.True(result.Success, result.Message);
        Assert.NotEqual(first.AuthToken, (await _device.Profiles.LoadAsync())!.AuthToken);
    }

    [Fact]
    public async Task EndedSession_AsksToSignInAgain_PausesAutoSync_AndSigningInAgainKeepsTheKey()
    {
        using var browser = await SignInAsync(_device, "carol");
        await _device.Account.SetModeAsync(SyncMode.Auto);
        var before = (await _device.Profiles.LoadAsync())!;
        await _provider.RevokeAsync(before.Oidc!.RefreshToken!);
        await WaitUntilTheServerRefusesAsync(before.AuthToken);

        var failed = await _device.Engine.SyncAsync();

        Assert.False(failed.Success);
        Assert.True(failed.SignInRequired);
        Assert.Contains("sign in again", failed.Message, StringComparison.Ordinal);
        var marked = (await _device.Profiles.LoadAsync())!;
        Assert.True(marked.SignInRequired);
        Assert.Equal(before.SecretKey.ToArray(), marked.SecretKey.ToArray());

        // Auto sync stays quiet instead of retrying a refused credential.
        await using (var auto = new AutoSync(_device.Engine, _device.Store, _device.Profiles))
        {
            var evaluated = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            auto.Evaluated += ran => evaluated.TrySetResult(ran);
            auto.Start();
            Assert.False(await evaluated.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        // Signing in again through the browser (the provider still knows the user) asks for no password.
        var credential = await OidcSignIn.SignInAsync(Settings, page => OidcProvider.CompleteSignInAsync(browser, page, "carol"), TimeSpan.FromSeconds(60));
        var again = await _device.Account.SignInAsync(_server.BaseAddress, credential, _ => throw new InvalidOperationException("the password was asked for"));

        Assert.True(again.KeptKey);
        Assert.False(again.Profile.SignInRequired);
        Assert.Equal(SyncMode.Auto, again.Profile.SyncMode);
        Assert.True((await _device.Engine.SyncAsync()).Success);
    }

    private async Task<HttpClient> SignInAsync(Device device, string user)
    {
        var browser = OidcProvider.NewBrowser();
        var credential = await OidcSignIn.SignInAsync(Settings, page => OidcProvider.CompleteSignInAsync(browser, page, user), TimeSpan.FromSeconds(60));
        await device.Account.SignInAsync(_server.BaseAddress, credential, _ => Task.FromResult(new KeySecrets("pw", null)));
        return browser;
    }

    /// <summary>Waits (up to a minute) until the short-lived access token has really expired at the server.</summary>
    private async Task WaitUntilTheServerRefusesAsync(string accessToken)
    {
        using var client = _server.Client(accessToken);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            using var response = await client.GetAsync("health/auth");
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the access token did not expire");
            await Task.Delay(250);
        }
    }
}
