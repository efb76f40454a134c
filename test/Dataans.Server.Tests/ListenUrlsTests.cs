using Dataans.Server.Configuration;

namespace Dataans.Server.Tests;

/// <summary>What <c>--urls</c> accepts before Kestrel sees it (the refusals run through the executable in <see cref="StartupFailureTests"/>).</summary>
public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("HTTPS://0.0.0.0:443")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://[::]")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:80")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://127.0.0.1:0; http://[::1]:0;")]
    [InlineData("http://unix:/run/dataans/server.sock")]
    public void KestrelsAddressForms_AreAccepted(string urls) => ListenUrls.Check(urls);

    [Theory]
    [InlineData("127.0.0.1:8080", "it must start with http:// or https://")]
    [InlineData("ftp://127.0.0.1:21", "it must start with http:// or https://")]
    [InlineData("http://127.0.0.1:80x", "its port must be a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:", "its port must be a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:70000", "its port must be a number from 0 to 65535")]
    [InlineData("http://[::1]:-1", "its port must be a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:8080/dataans", "it cannot have a path")]
    [InlineData("http://notes.example.com:8080", "give an IP address")]
    [InlineData("http://127.0.0.1:8080;http://0.0.0.0:80x", "its port must be a number")]
    public void OtherAddresses_AreRefusedSayingWhy(string urls, string problem)
    {
        var refused = Assert.Throws<UsageException>(() => ListenUrls.Check(urls));

        Assert.StartsWith("urls (--urls) must be addresses like http://127.0.0.1:8080 separated by ';', not '", refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }
}
