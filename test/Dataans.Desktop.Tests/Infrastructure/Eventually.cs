namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes (instead of sleeping for a guessed time).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Long;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        T? value = null;
        await WaitAsync(async () => (value = await probe()) is not null, what, timeout);
        return value!;
    }
}
