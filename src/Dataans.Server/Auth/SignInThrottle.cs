using System.Collections.Concurrent;
using Dataans.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Auth;

/// <summary>
/// After <see cref="LimitsOptions.SignInFailuresPerMinute"/> failed sign-ins from one client address
/// within a minute, every request from that address is refused with 429 until the minute is over (off
/// when the limit is 0). Thread-safe.
/// </summary>
internal sealed class SignInThrottle(IOptions<LimitsOptions> limits, TimeProvider timeProvider)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Failures)> _windows = new(StringComparer.Ordinal);

    private int Limit => limits.Value.SignInFailuresPerMinute;

    public void Failed(string address)
    {
        if (Limit <= 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        _windows.AddOrUpdate(address, (now, 1), (_, window) => now - window.Start >= Window ? (now, 1) : (window.Start, window.Failures + 1));
        if (_windows.Count > MaxTrackedAddresses)
        {
            foreach (var (key, window) in _windows)
            {
                if (now - window.Start >= Window)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>How long the address must wait, or null when it may be served.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (Limit <= 0 || !_windows.TryGetValue(address, out var window))
        {
            return null;
        }

        var elapsed = timeProvider.GetUtcNow() - window.Start;
        return elapsed < Window && window.Failures >= Limit ? Window - elapsed : null;
    }
}
