using Microsoft.Extensions.Options;

namespace Dataans.Server.Configuration;

/// <summary>Prometheus metrics (section <c>Metrics</c>): off unless <see cref="Urls"/> names their own listen address.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Where <c>/metrics</c> is served, e.g. <c>http://127.0.0.1:9464</c> (';'-separated); nothing else is served there.</summary>
    public string? Urls { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Urls);

    /// <summary>The ports of <see cref="Urls"/>.</summary>
    public IReadOnlyList<int> Ports => Enabled
        ? [.. Urls!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url).Port)]
        : [];
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        foreach (var url in options.Urls!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.IsDefaultPort && !url.Contains(":80", StringComparison.Ordinal)
                || uri.AbsolutePath != "/")
            {
                return ValidateOptionsResult.Fail(
                    $"Metrics:Urls (--metrics-urls) must be addresses like http://127.0.0.1:9464 with their own port, not '{StartupErrors.Quote(url)}'.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
