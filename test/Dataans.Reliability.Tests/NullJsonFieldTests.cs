using System.Net;
using System.Text;
using Dataans.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Regressions found by <see cref="HostileInputTests"/>: a JSON <c>null</c> in a required field
/// deserialized into a non-nullable property and the handler answered 500; each must be a 400.
/// </summary>
public sealed class NullJsonFieldTests : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartLoggedAsync(LogLevel.Warning);
        _client = _server.Client(await _server.AddUserAsync("nulls"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("POST", "v2/ops", """{"ops":null}""")]
    [InlineData("POST", "v2/ops", """{"ops":[{"id":"0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10","createdAt":"2024-05-01T10:20:30Z","data":"AAAA","checksum":null}]}""")]
    [InlineData("POST", "v2/ops", """{"ops":[{"id":"0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10","createdAt":"2024-05-01T10:20:30Z","data":null,"checksum":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}]}""")]
    [InlineData("POST", "data/operation", """[{"id":"0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10","createdAt":"2024-05-01T10:20:30Z","data":null,"checksum":null}]""")]
    [InlineData("PUT", "v2/verifier", """{"verifier":null}""")]
    [InlineData("POST", "user", """{"id":"0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10","secretKeyHash":null}""")]
    public async Task NullRequiredField_IsABadRequest(string method, string path, string json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _server.Logs.CountAtLeast(LogLevel.Error));
    }
}
