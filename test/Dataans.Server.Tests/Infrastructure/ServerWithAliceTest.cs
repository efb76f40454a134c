namespace Dataans.Server.Tests;

/// <summary>A test class's own in-process dataans-server with the token user "alice" and a client signed in as her.</summary>
public abstract class ServerWithAliceTest : IAsyncLifetime
{
    protected ServerInstance Server { get; private set; } = null!;

    /// <summary>An HTTP client to the server with alice's token.</summary>
    protected HttpClient Alice { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerInstance.StartAsync(await ServerArgsAsync());
        Alice = Server.Client(await Server.AddUserAsync("alice"));
    }

    public async Task DisposeAsync()
    {
        Alice.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>dataans-server options of this class's server (SQLite and a files folder in a temp --data-dir unless overridden).</summary>
    protected virtual Task<string[]> ServerArgsAsync() => Task.FromResult<string[]>([]);
}
