using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// Signing in again keeps the key; a new account (another verifier) asks for the password and
/// passphrase; a generated passphrase typed the way people write it down is accepted; sign-out forgets
/// the old account's last sync. Against a real token server and a real Cloudflare-mode server.
/// </summary>
public sealed class SignInAgainTests : IAsyncLifetime
{
    private const string Audience = "dataans-again-aud";
    private ServerInstance _server = null!;
    private Device _device = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _device = await Device.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SignInAgain_OnTheSameAccount_KeepsTheKey_WithoutAskingForThePassword()
    {
        var token = await _server.AddUserAsync("dora");
        var first = await _device.Account.SignInAsync(_server.BaseAddress, token, "pw", null);
        await _device.Store.CreateSpaceAsync("Before");
        await _device.SyncAsync();
        var (cursor, _) = await _device.Store.SyncLedger.ReadPositionAsync();

        var again = await _device.Account.SignInAsync(_server.BaseAddress, new SignInCredential(token), _ => throw new InvalidOperationException("asked for the password"));

        Assert.True(again.KeptKey);
        Assert.Equal(first.Profile.SecretKey.ToArray(), again.Profile.SecretKey.ToArray());
        Assert.Equal(first.Profile.Passphrase, again.Profile.Passphrase);
        Assert.True(cursor > 0);
        Assert.Equal(cursor, (await _device.Store.SyncLedger.ReadPositionAsync()).Cursor); // nothing is pulled again
        Assert.NotNull(await _device.Engine.GetLastResultAsync());
        Assert.True((await _device.Engine.SyncAsync()).Success);
    }

    [Fact]
    public async Task SignInToAnotherAccount_WhoseVerifierDiffers_AsksForThePasswordAndPassphrase()
    {
        var erin = await _server.AddUserAsync("erin");
        var frank = await _server.AddUserAsync("frank");
        await using var other = await Device.CreateAsync();
        var frankFirst = await other.Account.SignInAsync(_server.BaseAddress, frank, "frank's password", null);
        await _device.Account.SignInAsync(_server.BaseAddress, erin, "erin's password", null);
        await _device.SyncAsync();
        var asked = 0;

        var switched = await _device.Account.SignInAsync(_server.BaseAddress, new SignInCredential(frank), _ =>
        {
            asked++;
            return Task.FromResult(new KeySecrets("frank's password", frankFirst.Profile.Passphrase));
        });

        Assert.Equal(1, asked);
        Assert.False(switched.KeptKey);
        Assert.Equal(frankFirst.Profile.SecretKey.ToArray(), switched.Profile.SecretKey.ToArray());
        Assert.Null(await _device.Engine.GetLastResultAsync()); // erin's last sync is not frank's
    }

    [Theory]
    [InlineData("lower case, spaces")]
    [InlineData("upper case, underscores")]
    public async Task GeneratedPassphrase_TypedWithOtherCaseOrSeparators_IsAccepted(string variant)
    {
        var token = await _server.AddUserAsync("gina");
        var first = await _device.Account.SignInAsync(_server.BaseAddress, token, "pw", null);
        var generated = first.Profile.Passphrase;
        var typed = variant.StartsWith("lower", StringComparison.Ordinal)
            ? generated.ToLowerInvariant().Replace('-', ' ')
            : generated.ToUpperInvariant().Replace('-', '_');
        await using var second = await Device.CreateAsync();

        var (profile, _) = await second.Account.SignInAsync(_server.BaseAddress, token, "pw", typed);

        Assert.Equal(first.Profile.SecretKey.ToArray(), profile.SecretKey.ToArray());
        Assert.Equal(generated, profile.Passphrase); // kept in the form that derives the key
        var wrong = await Assert.ThrowsAsync<SyncException>(() => second.Account.SignInAsync(_server.BaseAddress, token, "other pw", typed));
        Assert.Equal(SyncFailure.WrongKey, wrong.Failure);
    }

    [Fact]
    public async Task CustomPassphrase_MeansExactlyWhatWasTyped()
    {
        var token = await _server.AddUserAsync("hugo");
        await _device.Account.SignInAsync(_server.BaseAddress, token, "pw", "my own words here");
        await using var second = await Device.CreateAsync();

        var error = await Assert.ThrowsAsync<SyncException>(() => second.Account.SignInAsync(_server.BaseAddress, token, "pw", "My-Own-Words-Here"));

        Assert.Equal(SyncFailure.WrongKey, error.Failure);
    }

    [Fact]
    public async Task SignOut_ForgetsTheLastSync()
    {
        var token = await _server.AddUserAsync("ivy");
        await _device.Account.SignInAsync(_server.BaseAddress, token, "pw", null);
        await _device.SyncAsync();
        Assert.NotNull(await _device.Engine.GetLastResultAsync());

        await _device.Account.SignOutAsync();

        Assert.Null(await _device.Engine.GetLastResultAsync());
    }

    [Fact]
    public async Task ExpiredCloudflareSession_PausesSync_AndANewAccessJwtKeepsTheKey()
    {
        await using var idp = await JwksServer.StartAsync();
        await using var server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", idp.CertsUrl, "--cloudflare-issuer", idp.Issuer, "--Auth:ClockSkewSeconds=0");
        var shortLived = idp.Token("jane", Audience, expires: DateTime.UtcNow.AddSeconds(20));
        var first = await _device.Account.SignInAsync(server.BaseAddress, shortLived, "pw", null);
        await server.WaitUntilAccessJwtRefusedAsync(shortLived);

        var failed = await _device.Engine.SyncAsync();
        Assert.True(failed.SignInRequired, failed.Message);
        Assert.True((await _device.Profiles.LoadAsync())!.SignInRequired);

        var again = await _device.Account.SignInAsync(server.BaseAddress, new SignInCredential(idp.Token("jane", Audience)), _ => throw new InvalidOperationException("asked for the password"));

        Assert.True(again.KeptKey);
        Assert.Equal(first.Profile.SecretKey.ToArray(), again.Profile.SecretKey.ToArray());
        Assert.True((await _device.Engine.SyncAsync()).Success);
        Assert.False((await _device.Profiles.LoadAsync())!.SignInRequired);
    }
}
