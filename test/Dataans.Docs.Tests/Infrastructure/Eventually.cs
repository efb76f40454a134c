namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>Waits for a condition that another process makes true, polling; never a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits until an HTTP GET of the address answers (any status), e.g. a server that is starting.</summary>
    public static Task<HttpResponseMessage> AnswersAsync(HttpClient client, Uri address, TimeSpan timeout) =>
        WaitAsync<HttpResponseMessage>(
            async () =>
            {
                try
                {
                    return await client.GetAsync(address);
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            timeout,
            $"{address} to answer");
}
