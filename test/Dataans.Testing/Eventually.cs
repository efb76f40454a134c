namespace Dataans.Testing;

/// <summary>
/// Waits for a condition that another process, thread or page makes true, polling; never a fixed sleep.
/// A condition that still does not hold at the deadline fails with a <see cref="TimeoutException"/>
/// naming what was awaited.
/// </summary>
public static class Eventually
{
    /// <summary>How long <see cref="WaitAsync(Func{Task{bool}}, string, TimeSpan?)"/> and <see cref="ValueAsync"/> wait unless told.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(Poll);
        }
    }

    public static Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitAsync(() => Task.FromResult(condition()), timeout, what);

    public static Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(condition, timeout ?? Long, what);

    /// <summary>Waits for a condition that can be read without waiting (a file written, a store changed); 20 s unless told.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(condition, timeout ?? TimeSpan.FromSeconds(20), what);

    /// <summary>Waits for a condition read asynchronously (a page's state, a file); 20 s unless told.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(condition, timeout ?? TimeSpan.FromSeconds(20), what);

    /// <summary>Waits until <paramref name="probe"/> returns a value and returns it.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        T? value = null;
        await WaitAsync(async () => (value = await probe()) is not null, timeout, what);
        return value!;
    }

    public static Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class =>
        WaitAsync(probe, timeout ?? Long, what);

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
